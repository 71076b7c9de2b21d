/** Studio background styles the E-commerce Director can render. */
export const BACKGROUND_STYLES = [
  'studio-white',
  'warm-beige',
  'cool-grey',
  'soft-pastel',
  'dark-luxe',
] as const;

/** One of the background styles. */
export type BackgroundStyle = (typeof BACKGROUND_STYLES)[number];
