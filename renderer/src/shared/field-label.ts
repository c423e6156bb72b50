import i18next from 'i18next';

/** Field names as people say them: "statusNote" → "Status note", or the language's own word. */
export function fieldLabel(key: string): string {
  const words = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  const humanised = words.charAt(0).toUpperCase() + words.slice(1);
  return i18next.t(`fields.${key}`, { defaultValue: humanised });
}

/** A record's field as its type names it ("Full name" for a detainee's title), else as every type does. */
export function fieldLabelFor(type: string, key: string): string {
  return i18next.t(`typeFields.${type}.${key}`, { defaultValue: fieldLabel(key) });
}
