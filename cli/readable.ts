/** Renders JSON values as indented text for people: `key: value`, lists as `- item`. */
export function formatReadable(value: unknown, indent = ''): string {
  if (Array.isArray(value)) {
    if (!value.length) return `${indent}(none)\n`;
    return value
      .map((item) => {
        if (isScalar(item)) return `${indent}- ${scalar(item)}\n`;
        const body = formatReadable(item, `${indent}  `);
        return `${indent}- ${body.slice(indent.length + 2)}`;
      })
      .join('');
  }
  if (value && typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>)
      .map(([key, item]) => {
        if (isScalar(item)) {
          const text = scalar(item);
          return text.includes('\n')
            ? `${indent}${key}: |\n${text
                .split('\n')
                .map((l) => `${indent}  ${l}`)
                .join('\n')}\n`
            : `${indent}${key}: ${text}\n`;
        }
        return `${indent}${key}:\n${formatReadable(item, `${indent}  `)}`;
      })
      .join('');
  }
  return `${indent}${scalar(value)}\n`;
}

function isScalar(value: unknown): boolean {
  return value === null || typeof value !== 'object';
}

function scalar(value: unknown): string {
  return value === null || value === undefined ? '' : String(value);
}
