export * from './channel';
export * from './document/types';
export * from './document/clauses';
export * from './registry';
export * from './text/rich-text';
export * from './web/catalog';
export * from './web/pages';
