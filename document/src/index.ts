export * from './schema';
export * from './types';
export * from './clauses';
export * from './validity';
export * from './china-time';
export * from './wire';
export * from './populate';
export * from './introspect';
