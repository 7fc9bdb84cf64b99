/** The operators' API. Every field has an auth decision in resolvers.ts (operator scope). */
export const typeDefs = /* GraphQL */ `
  scalar JSON

  type Artifact {
    name: String!
    mime: String!
    size: Int!
    sha256: String!
    "Absolute download URL (supports Range)."
    url: String!
  }

  "What one channel made of one revision of a document."
  type Rendition {
    documentId: ID!
    channel: String!
    revision: String!
    title: String!
    publishedAt: String!
    updatedAt: String!
    payload: JSON
    artifacts: [Artifact!]!
    "Whether the document is in force today: its own validity, or for an interpretation its basis documents' (read when asked, so an expiry shows at once)."
    validity: Validity!
  }

  type Validity {
    "现行有效, 已失效, 已修订 or 尚未生效."
    status: String!
    "The last day it applied, when it has ended."
    endedOn: String
    "What a reader is told (null while in force)."
    note: String
  }

  type RenditionEdge { cursor: String! node: Rendition! }
  type PageInfo { hasNextPage: Boolean! endCursor: String }
  type RenditionConnection { edges: [RenditionEdge!]! pageInfo: PageInfo! }

  enum ChangeKind { UPSERT REMOVE }

  type Change {
    cursor: String!
    channel: String!
    documentId: ID!
    kind: ChangeKind!
    revision: String
    at: String!
    "The live rendition for an UPSERT (null if it has been replaced or removed since)."
    rendition: Rendition
  }

  type ChangeSet { changes: [Change!]! "Pass as since: next time." cursor: String! hasMore: Boolean! }

  enum RenditionStatus { QUEUED RENDERING READY LIVE FAILED SUPERSEDED WITHDRAWN }

  type ChannelStatus {
    channel: String!
    status: RenditionStatus!
    "0–100 while rendering."
    progress: Int!
    revision: String!
    "Why it failed, in words an author can act on."
    reason: String
    errorCode: String
    "A video made without speech says so here, with the reason (null otherwise)."
    notice: String
    liveRevision: String
    updatedAt: String!
  }

  type Publication {
    documentId: ID!
    kind: String!
    title: String!
    latestRevision: String
    withdrawn: Boolean!
    "Why the latest published state was refused (the channels keep showing the last good revision)."
    problem: String
    channels: [ChannelStatus!]!
  }

  type RevisionChannel { channel: String! status: RenditionStatus! liveFrom: String liveUntil: String payload: JSON }
  type Revision { revision: String! createdAt: String! publishedBy: String goLiveAt: String channels: [RevisionChannel!]! }

  "A touch-screen terminal and how fresh its content is."
  type KioskTerminal {
    code: ID!
    name: String!
    "Items its manifest lists now."
    items: Int!
    "When it last reported a sync (heartbeat); null if never."
    lastSyncAt: String
    "The manifest version it last synced."
    syncedVersion: String
    "portrait (1080×1920) or landscape (1920×1080), as set in the CMS."
    orientation: String!
    "Hours without a sync after which it counts as stale (the terminal's own setting, else KIOSK_STALE_HOURS)."
    staleAfterHours: Int!
    "No sync for longer than staleAfterHours."
    stale: Boolean!
    "Files it reported holding in its cache after its last sync; null if its app did not say."
    cachedFiles: Int
    "Files it could not cache at its last sync (a terminal with any is unhealthy)."
    failedFiles: Int!
    "Synced in time and holding every file."
    healthy: Boolean!
  }

  "Tags of one dimension that an item matched."
  type PolicyDimensionMatch { dimension: String! dimensionName: String! tags: [String!]! }
  "A dimension the profile names but the item does not restrict."
  type PolicyDimension { dimension: String! dimensionName: String! }
  "A basis clause; start/end are character offsets of its text in the basis document's full text (null when not found verbatim)."
  type PolicyClause { number: String! anchor: String! text: String! start: Int end: Int }
  type PolicyBasis {
    documentId: ID!
    title: String!
    documentNumber: String!
    "The effective window: the document's own, ended by a successor that supersedes it."
    validFrom: String
    validTo: String
    "现行有效, 已失效 or 尚未生效 on the asOf day (the glossary's validity words, as on every page)."
    status: String!
    clauses: [PolicyClause!]!
  }
  "Where the search terms occur in the item (character offsets in that field)."
  type TextHighlight { field: String! start: Int! end: Int! }
  type PolicyMatch {
    key: ID!
    title: String!
    who: String!
    what: String!
    amount: String!
    howToApply: String!
    documentId: ID!
    documentTitle: String!
    "Fit: matched dimensions (industry counts double)."
    score: Float!
    tags: [String!]!
    matched: [PolicyDimensionMatch!]!
    neutral: [PolicyDimension!]!
    highlights: [TextHighlight!]!
    basis: PolicyBasis
  }
  type PolicyMatchEdge { cursor: String! node: PolicyMatch! }
  type PolicyMatchConnection { asOf: String! total: Int! edges: [PolicyMatchEdge!]! pageInfo: PageInfo! }
  type PolicyFacetTag { id: ID! name: String! count: Int! selected: Boolean! excluded: Boolean! reason: String }
  type PolicyFacet { dimension: String! dimensionName: String! tags: [PolicyFacetTag!]! }

  type Query {
    channelFeed(channel: String!, site: String, first: Int = 20, after: String): RenditionConnection!
    changes(since: String, channels: [String!], first: Int = 100): ChangeSet!
    publication(documentId: ID!): Publication
    revisions(documentId: ID!): [Revision!]!
    "Terminals of the kiosk channel (tokens with the kiosk channel)."
    kioskTerminals(staleOnly: Boolean = false): [KioskTerminal!]!
    "Policy items that fit a profile (tag ids written dimension:code), valid on asOf (default today), containing the query; best fit first. Tokens with the policy-match channel."
    matchPolicies(profile: [String!] = [], asOf: String, query: String, first: Int = 20, after: String, site: String): PolicyMatchConnection!
    "Per dimension and tag: how many items ticking it would give, and which tags the selection excludes (with the reason)."
    policyFacets(selection: [String!] = [], asOf: String, query: String, site: String): [PolicyFacet!]!
  }

  type Mutation {
    "Administrators: render a document again on some or all channels."
    republish(documentId: ID!, channels: [String!]): Publication!
    "Render every published document again (after a template or brand change), on all its channels or only these; returns how many were queued. Admin tokens only."
    republishAll(channels: [String!]): Int!
  }
`;
