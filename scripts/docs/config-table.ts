import path from 'node:path';
import { z } from 'zod';
import { configSchema } from '../../publisher/src/config';
import { settingsSchema, STRAPI_VARIABLES } from '../../cms/src/settings';
import { REGENERATE, table } from './generated';
import { STRAPI_VARIABLE_NOTES } from './strapi-variables';

/**
 * docs/configuration.md's tables, generated from the zod schemas: every variable's name, default, what it
 * accepts and its description (its reason) come from the schema, so the table cannot drift from the code.
 */
const REPO = path.resolve(__dirname, '..', '..');

interface Property {
  description?: string;
  shownDefault?: string;
  default?: unknown;
  type?: string;
  enum?: unknown[];
  format?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
}

/** A default as an operator would write it: paths below the repository relative to it, so the table is the same on every machine. */
function shownDefault(property: Property, required: boolean): string {
  if (property.shownDefault !== undefined) return property.shownDefault;
  if (property.default === undefined) return required ? 'required' : 'unset';
  const text = String(property.default);
  if (text === '') return 'empty';
  return text.replace(/(^|:)(\/[^\s]*)/, (whole, before: string, file: string) =>
    file.startsWith(REPO + path.sep) ? before + path.relative(REPO, file) : whole);
}

function accepts(property: Property): string {
  if (property.enum) return `one of ${property.enum.map(String).sort().join(', ')}`;
  if (property.type === 'integer') {
    const max = property.maximum !== undefined && property.maximum < Number.MAX_SAFE_INTEGER ? property.maximum : undefined;
    return max === undefined ? `integer ≥ ${property.minimum ?? 0}` : `integer ${property.minimum ?? 0}–${max}`;
  }
  if (property.format === 'uri') return 'URL';
  if (property.format === 'email') return 'e-mail address';
  if (property.minLength) return `text, ≥ ${property.minLength} characters`;
  return 'text';
}

/** Variables of a zod object schema whose options carry a description; a missing one is an error naming the file to fix. */
export function schemaRows(schema: z.ZodObject, file: string): string[][] {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as { properties: Record<string, Property>; required?: string[] };
  return Object.entries(json.properties).map(([name, property]) => {
    if (!property.description?.trim()) {
      throw new Error(`${name} in ${file} has no description: give it .describe('what it is for, and why its default') and run ${REGENERATE}`);
    }
    const required = json.required?.includes(name) ?? false;
    return [`\`${name}\``, `\`${shownDefault(property, required)}\``, accepts(property), property.description.trim()];
  });
}

export function strapiRows(): string[][] {
  const described = Object.keys(STRAPI_VARIABLE_NOTES);
  const missing = STRAPI_VARIABLES.filter((name) => !described.includes(name));
  const stale = described.filter((name) => !STRAPI_VARIABLES.includes(name));
  if (missing.length || stale.length) {
    throw new Error(`scripts/docs/strapi-variables.ts must describe exactly STRAPI_VARIABLES (cms/src/settings.ts): ` +
      `add ${missing.join(', ') || 'nothing'}, remove ${stale.join(', ') || 'nothing'}; then run ${REGENERATE}`);
  }
  return STRAPI_VARIABLES.map((name) => [`\`${name}\``, `\`${STRAPI_VARIABLE_NOTES[name].shownDefault}\``, STRAPI_VARIABLE_NOTES[name].description]);
}

const HEADER = ['variable', 'default', 'accepts', 'what for'];

export const configTables = {
  'publisher configuration': () => table(HEADER, schemaRows(configSchema, 'publisher/src/config.ts')),
  'CMS settings': () => table(HEADER, schemaRows(settingsSchema, 'cms/src/settings.ts')),
  "Strapi's variables": () => table(['variable', 'default', 'what for'], strapiRows()),
};
