/** Two linked rings: a relationship (সম্পর্ক / संपर्क). */
export function Logo({ size = 32, title }: { size?: number; title?: string }) {
  return (
    <svg
      width={size}
      height={size}
      viewBox="0 0 64 64"
      role={title ? "img" : undefined}
      aria-hidden={title ? undefined : true}
      aria-label={title}
    >
      <rect width="64" height="64" rx="14" fill="#0f766e" />
      <circle cx="25" cy="32" r="12" fill="none" stroke="#fff" strokeWidth="6" />
      <circle cx="39" cy="32" r="12" fill="none" stroke="#9cded6" strokeWidth="6" />
    </svg>
  );
}
