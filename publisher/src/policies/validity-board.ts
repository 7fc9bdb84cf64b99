import { CHANNEL_ROLES } from '@tongyuan/channels';
import { chinaToday, dayAfter, effectiveWindows, statusOn, VALIDITY, type Clock, type ValidityDates, type ValidityStatus, type Window } from '@tongyuan/document';
import type { PublicationQueries } from '../store/queries';

/** Why a document is or is not in force today, in words a reader can use. */
export interface Validity {
  status: ValidityStatus;
  /** The last day it applied, when it has ended. */
  endedOn: string | null;
  /** For an interpretation: the basis document that ended it. */
  endedBy: { documentId: string; title: string; documentNumber: string } | null;
}

interface PolicyFacts extends ValidityDates { title: string; documentNumber: string }
interface Board {
  seq: number;
  windows: Map<string, Window>;
  policies: Map<string, PolicyFacts>;
  superseded: Set<string>;
  basisOf: Map<string, string[]>;
  /** The change rows within MARGIN of `seq` already applied (a lower one may become visible later). */
  seen: Set<number>;
  /** When it was last built from everything live (Date.now()). */
  builtAt: number;
}

/** Where the board reads: every policy document is on 政策匹配 when it runs; the web channel has those with sites. */
const SOURCES = [CHANNEL_ROLES.policyCatalogue, CHANNEL_ROLES.portal];
/** Change rows read again behind the board's sequence: on PostgreSQL a transaction may commit a lower one after a higher. */
const MARGIN = 64;
/** More documents changed than this since the board: it is built afresh rather than updated. */
const UPDATE_LIMIT = 500;
/** After a change, a board built from everything longer ago than this is built afresh (a safety net, not a schedule). */
const REBUILD_MS = 60_000;

const IN_FORCE: Validity = { status: VALIDITY.inForce, endedOn: null, endedBy: null };

/**
 * Today's validity of every live document, read where it is decided: the live policy documents'
 * windows (a superseded one ends the day before its successor starts). An interpretation is
 * 已失效 from the day after any of its basis documents ended, even though its own revision was
 * rendered before that (its basis comes from its live web rendition). Pages, feeds, the kiosk
 * manifests, the reels and GraphQL all ask here, so expiry shows everywhere at once — at the day
 * change, or at the publish that moved a validity date. Rebuilt when the change stream moved.
 */
export class ValidityBoard {
  private board: Board | null = null;
  private building: { seq: number; board: Promise<Board> } | null = null;

  /**
   * `clock`: the process's injected clock; "today" is China's day by it unless a caller names the day.
   * `sequence`: what a change to the live set is seen by. Readers ('serving') share one read of the change
   * sequence for a few milliseconds; the worker ('latest') must see what it just made live — the validity
   * announcement after a lifted end date read a sequence 8 ms old and announced nothing.
   */
  constructor(private readonly queries: PublicationQueries, private readonly clock: Clock, private readonly sequence: 'serving' | 'latest' = 'serving') {}

  /** `fallbackValidTo`: what the rendition itself recorded (a deployment without the web channel has no basis list). */
  async of(documentId: string, fallbackValidTo: string | null = null, day = chinaToday(this.clock)): Promise<Validity> {
    return validityOn(await this.current(), documentId, fallbackValidTo, day);
  }

  /** Many documents' validity (id → what its rendition recorded) from one board: one look at the change sequence, not one per document. */
  async ofAll(documents: Map<string, string | null>, day = chinaToday(this.clock)): Promise<Map<string, Validity>> {
    const board = await this.current();
    return new Map([...documents].map(([documentId, fallbackValidTo]) => [documentId, validityOn(board, documentId, fallbackValidTo, day)]));
  }

  /** What every validity rests on besides the day: the store's change sequence, which every publish and withdrawal moves. */
  async stateKey(): Promise<string> {
    return String(await this.changeSeq());
  }

  private changeSeq(): Promise<number> {
    return this.sequence === 'latest' ? this.queries.latestChangeSeq() : this.queries.servingChangeSeq();
  }

  /** A live policy document's effective window (its own, ended early by a live successor); null when none is live. */
  async windowOf(documentId: string): Promise<Window | null> {
    return (await this.current()).windows.get(documentId) ?? null;
  }

  async notInForce(documentId: string, fallbackValidTo: string | null, day = chinaToday(this.clock)): Promise<boolean> {
    return (await this.of(documentId, fallbackValidTo, day)).status !== VALIDITY.inForce;
  }

  private async current(): Promise<Board> {
    const seq = await this.changeSeq();
    if (this.board?.seq === seq) return this.board;
    // A build under way for an older sequence would answer with what it read before this caller's change.
    if (this.building?.seq !== seq) {
      const base = this.board;
      const building = { seq, board: base && Date.now() - base.builtAt < REBUILD_MS ? this.update(base, seq) : this.build(seq) };
      this.building = building;
      // Callers get the build's own promise (and its error); this only clears the slot.
      building.board.then(() => undefined, () => undefined).finally(() => { if (this.building === building) this.building = null; });
    }
    return this.building.board;
  }

  /** From everything live on the two channels: at start, then as a safety net (REBUILD_MS) or after a burst of changes. */
  private async build(seq: number): Promise<Board> {
    const policies = new Map<string, PolicyFacts>();
    const basisOf = new Map<string, string[]>();
    for (const channel of SOURCES) for (const item of await this.queries.liveOn(channel)) take(item, policies, basisOf);
    const seen = new Set((await this.queries.changedDocuments(seq - MARGIN, seq, SOURCES)).map((r) => r.seq));
    return this.keep(finish({ seq, policies, basisOf, seen, builtAt: Date.now() }, null));
  }

  /**
   * From the board before and the documents changed since: a go-live reads its own document again, not every
   * live payload (at 5,000 interpretations rebuilding on every go-live was a quarter of the worker's time).
   */
  private async update(board: Board, seq: number): Promise<Board> {
    const rows = await this.queries.changedDocuments(board.seq - MARGIN, seq, SOURCES);
    const changed = [...new Set(rows.filter((r) => r.seq > board.seq || !board.seen.has(r.seq)).map((r) => r.documentId))];
    if (changed.length > UPDATE_LIMIT) return this.build(seq);
    const policies = new Map(board.policies);
    const basisOf = new Map(board.basisOf);
    let policiesMoved = false;
    for (const documentId of changed) {
      policiesMoved = policies.delete(documentId) || policiesMoved;
      basisOf.delete(documentId);
    }
    for (const channel of SOURCES) {
      for (const item of await this.queries.liveOf(channel, changed)) policiesMoved = take(item, policies, basisOf) === 'policy' || policiesMoved;
    }
    const seen = new Set(rows.map((r) => r.seq));
    return this.keep(finish({ seq, policies, basisOf, seen, builtAt: board.builtAt }, policiesMoved ? null : board));
  }

  /** A slower build for an older sequence never replaces a newer board. */
  private keep(board: Board): Board {
    if (!this.board || board.seq >= this.board.seq) this.board = board;
    return board;
  }
}

type LiveEntry = Awaited<ReturnType<PublicationQueries['liveOn']>>[number];

/** One live item into the board's maps (the first channel's policy document wins); what it was. */
function take(item: LiveEntry, policies: Map<string, PolicyFacts>, basisOf: Map<string, string[]>): 'policy' | 'interpretation' | null {
  const p = item.payload as { kind?: string; validFrom?: string | null; validTo?: string | null; supersedes?: string | null; documentNumber?: string | null; basis?: Array<{ documentId: string }> };
  if (p?.kind === 'policy-document' && !policies.has(item.documentId)) {
    policies.set(item.documentId, { validFrom: p.validFrom ?? null, validTo: p.validTo ?? null, supersedes: p.supersedes ?? null, title: item.title, documentNumber: p.documentNumber ?? '' });
    return 'policy';
  }
  if (p?.kind === 'interpretation' && Array.isArray(p.basis)) {
    basisOf.set(item.documentId, p.basis.map((b) => b.documentId));
    return 'interpretation';
  }
  return null;
}

/** The windows and supersessions from the policies (kept from `unchanged` when no policy document moved). */
function finish(board: Omit<Board, 'windows' | 'superseded'>, unchanged: Board | null): Board {
  if (unchanged) return { ...board, windows: unchanged.windows, superseded: unchanged.superseded };
  const superseded = new Set([...board.policies.values()].map((p) => p.supersedes).filter((id): id is string => !!id && board.policies.has(id)));
  return { ...board, windows: effectiveWindows(board.policies), superseded };
}

function validityOn(board: Board, documentId: string, fallbackValidTo: string | null, day: string): Validity {
  const window = board.windows.get(documentId);
  if (window) {
    // Superseded counts only once the successor has actually ended it.
    const status = statusOn(window, day, { superseded: board.superseded.has(documentId) && !!window.to && window.to < day });
    return { status, endedOn: status === VALIDITY.inForce || status === VALIDITY.pending ? null : window.to, endedBy: null };
  }
  for (const basisId of board.basisOf.get(documentId) ?? []) {
    const basis = board.windows.get(basisId);
    const facts = board.policies.get(basisId);
    if (basis?.to && basis.to < day && facts) {
      return { status: VALIDITY.expired, endedOn: basis.to, endedBy: { documentId: basisId, title: facts.title, documentNumber: facts.documentNumber } };
    }
  }
  if (fallbackValidTo && fallbackValidTo < day) return { status: VALIDITY.expired, endedOn: fallbackValidTo, endedBy: null };
  return IN_FORCE;
}

/** The line a page shows under the title of a document no longer in force. */
export function validityNote(validity: Validity): string | null {
  if (validity.status === VALIDITY.inForce) return null;
  if (validity.status === VALIDITY.pending) return VALIDITY.pending;
  const since = validity.endedOn ? `，自 ${dayAfter(validity.endedOn)} 起不再适用` : '';
  if (validity.endedBy) return `所依据的《${validity.endedBy.title}》（${validity.endedBy.documentNumber}）已失效${since}：本解读仅供查阅`;
  return validity.status === VALIDITY.superseded ? `已被新文件替代${since}` : `已失效${since}`;
}
