/**
 * Average-linkage clustering of sparse unit vectors, for grouping.ts. ml-hclust's agnes does the
 * same but needs the full distance matrix and cubic time (15.8 s for 2,000 questions); here only
 * pairs that share a word are ever looked at.
 */

/** Term id → weight, of unit length. */
export type Vector = Map<number, number>;

/**
 * For each question, the others at least `threshold` alike. Dot products are summed through an
 * inverted index (postings carry the weights) into a scratch array, so pairs sharing no word cost
 * nothing.
 */
function closePairs(vectors: Vector[], vocabularySize: number, threshold: number): Map<number, number>[] {
  const docs: number[][] = Array.from({ length: vocabularySize }, () => []);
  const weights: number[][] = Array.from({ length: vocabularySize }, () => []);
  vectors.forEach((v, i) =>
    v.forEach((w, term) => {
      docs[term].push(i);
      weights[term].push(w);
    }),
  );
  const close = vectors.map(() => new Map<number, number>());
  const sums = new Float64Array(vectors.length);
  const touched: number[] = [];
  vectors.forEach((v, i) => {
    for (const [term, w] of v) {
      const [ds, ws] = [docs[term], weights[term]];
      // Postings are in question order: only the later questions, each pair once.
      for (let k = ds.length - 1; k >= 0 && ds[k] > i; k--) {
        if (sums[ds[k]] === 0) touched.push(ds[k]);
        sums[ds[k]] += w * ws[k];
      }
    }
    for (const j of touched) {
      if (sums[j] >= threshold) {
        close[i].set(j, sums[j]);
        close[j].set(i, sums[j]);
      }
      sums[j] = 0;
    }
    touched.length = 0;
  });
  return close;
}

/**
 * Average linkage: repeatedly merge the two clusters whose members are most alike on average,
 * until no two clusters reach the threshold. With unit vectors that mean is
 * dot(sum of A, sum of B) / (|A|·|B|), so a cluster is just its summed vector; and a mean is never
 * above its best pair, so only clusters joined by a close pair are candidates.
 * Merges follow nearest-neighbour chains (valid for average linkage, no heap or full matrix
 * needed): walk to the nearest cluster until two are each other's nearest, merge them. Ties go to
 * the previous link of the chain, then to the lower index.
 * Returns the clusters of two or more, as lists of vector indices.
 */
export function averageLinkage(vectors: Vector[], vocabularySize: number, threshold: number): number[][] {
  const close = closePairs(vectors, vocabularySize, threshold);
  const sums = vectors.map((v) => new Map(v));
  const members = vectors.map((_, i) => [i]);
  const done = vectors.map(() => false);
  // The chain's top is spread into a flat array while its neighbours are scored: no Map lookups.
  const spread = new Float64Array(vocabularySize);
  const merge = (a: number, b: number) => {
    // Fold the smaller cluster into the larger: cheaper, and the result is the same.
    const [keep, gone] = members[a].length >= members[b].length ? [a, b] : [b, a];
    for (const [term, w] of sums[gone]) sums[keep].set(term, (sums[keep].get(term) ?? 0) + w);
    // A link's stored similarity holds only between two single questions, so 0 will do here.
    for (const p of close[gone].keys()) {
      close[p].delete(gone);
      if (p === keep) continue;
      close[p].set(keep, 0);
      close[keep].set(p, 0);
    }
    members[keep].push(...members[gone]);
    [members[gone], done[gone]] = [[], true];
    sums[gone].clear();
    close[gone].clear();
    return keep;
  };
  // Chains start from each question in turn, and again from every merged cluster.
  const starts = vectors.map((_, i) => vectors.length - 1 - i);
  const chain: number[] = [];
  const chainMeans: number[] = []; // chainMeans[k]: mean between chain[k] and chain[k + 1]
  for (let start = starts.pop(); start !== undefined; start = starts.pop()) {
    if (!done[start]) chain.push(start);
    while (chain.length > 0) {
      const top = chain[chain.length - 1];
      const prev = chain.length > 1 ? chain[chain.length - 2] : -1;
      let best = prev;
      let bestMean = prev >= 0 ? chainMeans[chainMeans.length - 1] : threshold;
      sums[top].forEach((w, term) => (spread[term] = w));
      for (const [p, similarity] of close[top]) {
        if (p === prev) continue;
        let m = similarity;
        if (members[top].length > 1 || members[p].length > 1) {
          m = 0;
          for (const [term, w] of sums[p]) m += w * spread[term];
          m /= members[top].length * members[p].length;
        }
        // Leaving prev takes a clearly higher mean, so rounding can never make the chain cycle.
        const better =
          best === prev && prev >= 0
            ? m > bestMean + 1e-12
            : m > bestMean || (m === bestMean && (best < 0 || p < best));
        if (better) [best, bestMean] = [p, m];
      }
      sums[top].forEach((_, term) => (spread[term] = 0));
      if (best < 0) {
        // Nothing reaches the threshold now, and merges elsewhere can only lower means: final.
        done[top] = true;
        chain.pop();
      } else if (best === prev) {
        chain.length -= 2;
        chainMeans.length = Math.max(0, chain.length - 1);
        starts.push(merge(top, prev));
      } else {
        chain.push(best);
        chainMeans.push(bestMean);
      }
    }
  }
  return members.filter((m) => m.length > 1);
}
