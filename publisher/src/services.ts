/**
 * Transitional: publisher/src/pipeline/* still takes the whole set until each operation declares
 * its own few services (issue 17, helper C). Nothing else may import this; it goes when they do.
 */
export type { Services } from './main/services';
