import { solveChallenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/sha';

/**
 * What a reader's browser (the site form's widget) or a kiosk terminal does before it sends a
 * question: fetch a challenge, find the number, hand in the payload.
 */
export async function solvedProof(challenge: unknown): Promise<string> {
  const solution = await solveChallenge({ challenge: challenge as any, deriveKey });
  return Buffer.from(JSON.stringify({ challenge, solution })).toString('base64');
}

export async function proofFrom(publisherUrl: string): Promise<string> {
  return solvedProof(await (await fetch(`${publisherUrl}/questions/challenge`)).json());
}
