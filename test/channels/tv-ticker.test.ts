import { tickerLine, tvChannel, type BuiltFile, type FollowUpDeps, type Interpretation, type TvPayload } from '@tongyuan/channels';
import { juxianInterpretation } from '../support/fixtures';
import { localRenderContext } from '../support/render-context';

/**
 * The 滚动字幕 file as a station's playout system reads it: in the encoding and line ends its 电视台
 * record names (GBK and CRLF for many in China), read back by a decoder other than the one that
 * wrote it (ICU's, behind the WHATWG TextDecoder); a line GBK cannot hold is left out and named,
 * never written with "?" — in the package and, before publishing, in preflight.
 */
const stations = [
  { code: 'juxian-tv', name: '莒县融媒体中心', format: 'h264-1080i25-tff', tickerMaxChars: 40, tickerEncoding: 'gb18030' },
  { code: 'huitong-tv', name: '会同县融媒体中心', format: 'h264-1080p25', tickerMaxChars: 30, tickerEncoding: 'gbk', tickerLineEnding: 'crlf' },
];

describe('TV ticker file encoding', () => {
  const built = new Map<string, BuiltFile>();
  const bytes = new Map<string, Buffer>();
  let live: Array<{ documentId: string; title: string }> = [];
  let format: Record<string, unknown> = {};
  const deps = {
    logger: { info: () => undefined, warn: () => undefined }, today: () => '2026-12-03',
    live: async () => live.map((d, i) => ({
      documentId: d.documentId, channel: 'tv', hash: `h${d.documentId}`, title: d.title, publishedAt: `2026-12-0${i + 1}T00:00:00Z`, updatedAt: '',
      artifacts: [{ name: `${d.documentId}.mp4`, mime: 'video/mp4', size: 1, sha256: d.documentId.padEnd(64, '0') }],
      payload: {
        validTo: null, clipSeconds: 40, version: 'v1', department: null, narration: { engine: null, present: true },
        stations: [{ code: 'juxian-tv', name: '莒县融媒体中心', format: 'h264-1080i25-tff', clip: `${d.documentId}.mp4`, ticker: tickerLine({ title: d.title, department: null }, 30), ...format }],
      } as unknown as TvPayload,
    })),
    rendersInFlight: async () => 0,
    inForce: async () => true,
    builtFiles: {
      list: async () => [...built.values()], save: async (b: BuiltFile) => void built.set(b.key, b),
      removeExcept: async (keys: string[]) => [...built.keys()].filter((k) => !keys.includes(k) && built.delete(k)).length,
      store: async (name: string, mime: string, data: Buffer) => (bytes.set(name, data), { name, mime, size: data.length, sha256: name }),
    },
  } as unknown as FollowUpDeps<TvPayload>;
  const afterLive = () => tvChannel.afterLive!(deps, 'test');

  it('writes the station\'s encoding and line ends (GBK, CRLF), leaving out and naming a line GBK cannot hold, never a "?"', async () => {
    format = { tickerFormat: { encoding: 'gbk', lineEnding: 'crlf' } };
    live = [{ documentId: 'a', title: '医保缴费：每人400元' }, { documentId: 'b', title: '𠮷家村改厕补助' }, { documentId: 'c', title: '“一件事”办理€' }];
    await afterLive();
    const [made] = [...built.values()];
    expect(made.file.name).toBe('滚动字幕-莒县融媒体中心-2026-12-03-GBK.txt');
    expect(made.file.mime).toBe('text/plain; charset=gbk');
    const data = bytes.get(made.file.name)!;
    expect(data.includes(0x3f)).toBe(false); // no "?" in place of a character
    expect(new TextDecoder('gbk', { fatal: true }).decode(data)).toBe('“一件事”办理€（咨询电话12345）\r\n医保缴费：每人400元（咨询电话12345）\r\n');
    expect((made.body as { unencoded: unknown }).unencoded).toEqual([{ line: '𠮷家村改厕补助（咨询电话12345）', characters: ['𠮷'] }]);

    // GB18030 holds every character: all three lines, newest first, LF.
    format = { tickerFormat: { encoding: 'gb18030', lineEnding: 'lf' } };
    await afterLive();
    const [all] = [...built.values()];
    expect(all.file.name).toBe('滚动字幕-莒县融媒体中心-2026-12-03-GB18030.txt');
    expect(new TextDecoder('gb18030', { fatal: true }).decode(bytes.get(all.file.name)!).split('\n')).toEqual([
      '“一件事”办理€（咨询电话12345）', '𠮷家村改厕补助（咨询电话12345）', '医保缴费：每人400元（咨询电话12345）', '',
    ]);
    expect((all.body as { unencoded: unknown }).unencoded).toEqual([]);

    // A rendition made before stations had an encoding: UTF-8, LF, as before.
    format = {};
    await afterLive();
    const [plain] = [...built.values()];
    expect(bytes.get(plain.file.name)!.toString('utf8').split('\n')[1]).toBe('𠮷家村改厕补助（咨询电话12345）');
  });

  it('says in preflight which station\'s encoding cannot hold a ticker line, naming the character', async () => {
    const { ctx } = localRenderContext();
    const doc: Interpretation = { ...juxianInterpretation(), channels: ['tv'], title: '𠮷家村改厕补助', tvStations: stations };
    const findings = await tvChannel.preflight(doc, ctx);
    const said = findings.filter((f) => /无法用 GBK 表示/.test(f.message));
    expect(said).toHaveLength(1);
    expect(said[0]).toMatchObject({ level: 'warning', field: 'title' });
    expect(said[0].message).toContain('会同县融媒体中心');
    expect(said[0].message).toContain('“𠮷”（U+20BB7）');
    expect(findings.some((f) => f.message.includes('莒县融媒体中心的播出系统'))).toBe(false); // GB18030 holds it
  }, 60_000);
});
