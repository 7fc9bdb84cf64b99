/** The reason a rendition's video is silent, or null when it speaks (or is not a video): read from its payload's `narration`. */
export function silentReasonOf(payload: unknown): string | null {
  const narration = (payload as { narration?: { present?: boolean; reason?: string } } | null)?.narration;
  return narration?.present === false ? narration.reason || '没有可用的语音引擎' : null;
}
