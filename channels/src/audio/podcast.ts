import { Podcast } from 'podcast';
import type { ArtifactRef, LiveRendition } from '../channel';
import { xmlSafe } from '../text/contract';
import type { AudioPayload } from './channel';

/**
 * A podcast feed (RSS 2.0 with the iTunes and Podcasting 2.0 namespaces) built by the `podcast`
 * library, which writes every text in CDATA: an episode per live programme, its MP3 as the
 * enclosure with the stored file's exact size and type, its length, and the transcript (WebVTT).
 * The guid is the document's, so a new revision is the same episode updated, not a new one.
 */
export interface PodcastHead { title: string; description: string; feedUrl: string; siteUrl: string; author: string }

export function podcastXml(head: PodcastHead, items: Array<LiveRendition<AudioPayload>>, publicUrl: string, pageOf: (payload: AudioPayload) => string): string {
  const feed = new Podcast({
    title: xmlSafe(head.title),
    description: xmlSafe(head.description),
    feedUrl: head.feedUrl,
    siteUrl: head.siteUrl,
    author: xmlSafe(head.author),
    language: 'zh-cn',
    copyright: xmlSafe(head.author),
    pubDate: new Date(items[0]?.updatedAt ?? Date.now()),
    ttl: 10,
    categories: ['政策解读'],
    itunesAuthor: xmlSafe(head.author),
    itunesSummary: xmlSafe(head.description),
    itunesExplicit: false,
    itunesType: 'episodic',
    itunesCategory: [{ text: 'Government' }],
    namespaces: { iTunes: true, podcast: true },
  });
  for (const item of items) {
    const mp3 = item.artifacts.find((a) => a.name.endsWith('.mp3'));
    if (!mp3) continue;
    const vtt = item.artifacts.find((a) => a.name.endsWith('.vtt'));
    const { payload } = item;
    const description = xmlSafe(payload.summary || payload.title);
    feed.addItem({
      title: xmlSafe(item.title),
      description,
      url: pageOf(payload),
      guid: `urn:tongyuan:audio:${item.documentId}`,
      date: new Date(item.publishedAt),
      author: payload.department ? xmlSafe(payload.department) : undefined,
      enclosure: { url: fileUrl(publicUrl, mp3), size: mp3.size, type: 'audio/mpeg' },
      itunesDuration: Math.round(payload.seconds),
      itunesExplicit: false,
      itunesSummary: description,
      itunesEpisodeType: 'full',
      customElements: vtt ? [{ 'podcast:transcript': { _attr: { url: fileUrl(publicUrl, vtt), type: 'text/vtt', language: 'zh-cn' } } }] : [],
    });
  }
  return feed.buildXml({ indent: '  ' });
}

export const fileUrl = (publicUrl: string, artifact: Pick<ArtifactRef, 'sha256' | 'name'>) => `${publicUrl}/files/${artifact.sha256}/${encodeURIComponent(artifact.name)}`;
