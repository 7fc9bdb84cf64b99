import { RenditionRefused, type Finding } from './channel';

/**
 * What a render works out before it writes, fetches or rasterizes anything — shortened texts, SVG
 * layouts with every drawn glyph, limits, checks of an upload's recorded size — made by one function
 * per channel that both `render` and `preflight` call. A refusal in a step is recorded, not thrown:
 * preflight lists every refusal, and render throws the first with the very same message.
 */
export class Preparation {
  private readonly refused: Finding[] = [];
  private readonly warned: Finding[] = [];

  /** Runs one step as render runs it; a RenditionRefused becomes an error finding (undefined is returned). */
  async step<T>(field: string, run: () => T | Promise<T>): Promise<T | undefined> {
    try {
      return await run();
    } catch (error) {
      if (!(error instanceof RenditionRefused)) throw error;
      this.refuse(error.findings[0]?.field || field, error.message);
      return undefined;
    }
  }

  /** A check of the document itself that render would refuse on. */
  refuse(field: string, message: string): void {
    if (!this.refused.some((f) => f.message === message)) this.refused.push({ level: 'error', field, message });
  }

  /** Something render will change (shorten, leave out) and the author may want to know. */
  warn(field: string, message: string): void {
    if (!this.warned.some((f) => f.message === message && f.field === field)) this.warned.push({ level: 'warning', field, message });
  }

  /**
   * What drawing will change in the text (characters left out, 生僻字 from the fallback font), said
   * per field by text/unicode.ts's rules. Its errors are left out: the drawing steps meet those
   * characters and record them in the render's own words.
   */
  drawnText(findings: Finding[]): void {
    // A picture drawn from many fields (the 一图读懂) refused: point at the field that has the character.
    const undrawable = findings.find((f) => f.level === 'error');
    if (undrawable) for (const refusal of this.refused) if (refusal.field === 'explainer' || refusal.field === '') refusal.field = undrawable.field;
    for (const finding of findings) {
      if (finding.level !== 'error' && !this.warned.some((f) => f.message === finding.message && f.field === finding.field)) this.warned.push(finding);
    }
  }

  get refusals(): readonly Finding[] {
    return this.refused;
  }

  /** What preflight shows: errors first, then warnings. */
  findings(): Finding[] {
    return [...this.refused, ...this.warned];
  }

  /** For render: stop with the first refusal, exactly as preflight showed it. */
  throwIfRefused(): void {
    if (this.refused.length > 0) throw new RenditionRefused(this.refused[0].message, [...this.refused]);
  }
}
