import { Typography } from '@strapi/design-system';
import { ENUM_LABELS } from './translations/enums';

interface Header {
  name: string;
  attribute?: { type?: string };
  cellFormatter?: (row: Record<string, unknown>) => unknown;
}

/**
 * The list view prints an enumeration's stored code (office_signoff, graphic_text, pending); its
 * dropdowns and filters already show the Chinese label. This list-view hook gives enumeration
 * columns the same label.
 */
export function enumColumnsInChinese({ displayedHeaders, layout }: { displayedHeaders: Header[]; layout: unknown }) {
  return {
    layout,
    displayedHeaders: displayedHeaders.map((header) =>
      header.attribute?.type === 'enumeration' && !header.cellFormatter
        ? { ...header, cellFormatter: (row: Record<string, unknown>) => <EnumLabel value={row[header.name]} /> }
        : header,
    ),
  };
}

function EnumLabel({ value }: { value: unknown }) {
  const text = typeof value === 'string' && value ? (ENUM_LABELS[value] ?? value) : '-';
  return <Typography textColor="neutral800">{text}</Typography>;
}
