import { registeredChannels } from '@tongyuan/channels';
import { receiveQuestion } from '../../questions/receive-question';
import { requireChannel, requireSite, type GraphQLContext } from './resolvers';

/** The question desk for operators' apps (a WeChat or Weibo account's backend, a mini-program) relaying people's questions. */
export const questionTypeDefs = /* GraphQL */ `
  "Where the question was asked; the token needs that channel."
  enum QuestionSource { WEB WECHAT WEIBO KIOSK }
  "咨询 (a question, the default) or 建议 (a suggestion, 你建言我来办: answered with 已采纳 / 部分采纳 / 暂不采纳)."
  enum QuestionKind { QUESTION SUGGESTION }
  type QuestionReceipt {
    "受理编号, to tell the asker (e.g. Q20261201-7K3F9A)."
    receipt: ID!
    receivedAt: String!
    "2 working days later on the State Council calendar; null past the years the calendar covers (answered as soon as possible)."
    dueAt: String
    "The same question from the same asker within a day: the earlier receipt, nothing stored twice."
    duplicate: Boolean!
  }
  extend type Mutation {
    "A question from the public (宜企问): routed to a department in the CMS and due in 2 working days. The asker's name and contact are never published."
    askQuestion(site: String, body: String!, source: QuestionSource!, about: ID, department: String, askerName: String, askerContact: String, kind: QuestionKind): QuestionReceipt!
  }
`;

type AskArgs = { site?: string | null; body: string; source: string; about?: string; department?: string; askerName?: string; askerContact?: string; kind?: 'QUESTION' | 'SUGGESTION' | null };

/** A QuestionSource value names its channel as GraphQL enums spell codes (short-video → SHORT_VIDEO). */
const channelOfSource = (source: string) => registeredChannels().find((c) => c.code.toUpperCase().replace(/-/g, '_') === source)!.code;

export const questionResolvers = {
  Mutation: {
    async askQuestion(_: unknown, args: AskArgs, ctx: GraphQLContext) {
      const channel = channelOfSource(args.source);
      requireChannel(ctx.operator, channel);
      requireSite(ctx.operator, args.site);
      const { source: _source, kind, ...question } = args;
      return receiveQuestion(ctx.deps, { ...question, kind: kind === 'SUGGESTION' ? 'suggestion' : 'question' }, { source: channel, sender: { kind: 'operator', name: ctx.operator.name } });
    },
  },
};
