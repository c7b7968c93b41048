import {
  type CSSVariablesResolver,
  createTheme,
  defaultVariantColorsResolver,
  type MantineColorsTuple,
  parseThemeColor,
  type VariantColorsResolver,
} from "@mantine/core";

// A deep teal: white text on shade 7 passes WCAG AA (5.5:1).
const brand: MantineColorsTuple = [
  "#e6f7f5",
  "#c3ebe6",
  "#9cded6",
  "#6fcfc4",
  "#45bfb2",
  "#22a699",
  "#138f83",
  "#0f766e",
  "#0c5f59",
  "#094a45",
];

// Mantine draws "light", "subtle" and "outline" text in shade 6, too faint for WCAG AA on small
// badges and buttons. Use the darkest shade where it is dark enough, else near-black.
const DEEP_ENOUGH = new Set([
  "brand",
  "red",
  "pink",
  "grape",
  "violet",
  "indigo",
  "blue",
  "dark",
  "gray",
]);

const variantColorResolver: VariantColorsResolver = (input) => {
  const colors = defaultVariantColorsResolver(input);
  if (input.variant !== "light" && input.variant !== "subtle" && input.variant !== "outline")
    return colors;
  const parsed = parseThemeColor({
    color: input.color || input.theme.primaryColor,
    theme: input.theme,
  });
  if (!parsed.isThemeColor) return colors;
  const deep =
    input.variant === "light" && parsed.color !== "brand"
      ? "var(--mantine-color-gray-9)"
      : DEEP_ENOUGH.has(parsed.color)
        ? `var(--mantine-color-${parsed.color}-9)`
        : "var(--mantine-color-gray-9)";
  return input.variant === "outline"
    ? { ...colors, color: deep, border: `1px solid var(--mantine-color-${parsed.color}-7)` }
    : { ...colors, color: deep, hoverColor: deep };
};

export const theme = createTheme({
  variantColorResolver,
  primaryColor: "brand",
  primaryShade: { light: 7, dark: 5 },
  colors: { brand },
  fontFamily:
    "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'Noto Sans Bengali', 'Lohit Bengali', 'Noto Sans Devanagari', 'Lohit Devanagari', sans-serif",
  headings: { fontWeight: "650" },
  defaultRadius: "md",
  cursorType: "pointer",
  components: {
    Badge: {
      styles: { root: { flexShrink: 0, overflow: "visible" }, label: { overflow: "visible" } },
    },
    Button: { defaultProps: { size: "md" } },
    TextInput: { defaultProps: { size: "md" } },
    PasswordInput: { defaultProps: { size: "md" } },
    Select: { defaultProps: { size: "md" } },
    Textarea: { defaultProps: { size: "md" } },
  },
});

// Mantine's default "dimmed" grey is too faint on white for WCAG AA; darken it.
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: { "--mantine-color-dimmed": "#545b62", "--mantine-color-placeholder": "#6b7177" },
  dark: {},
});
