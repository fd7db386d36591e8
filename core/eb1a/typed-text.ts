// Text a lawyer typed, made safe to store: control characters (NUL above all, which Postgres refuses in
// text) are dropped; line breaks and tabs stay.

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

export function cleanTypedText(text: string): string {
  return text.replace(CONTROL_CHARACTERS, '').trim();
}
