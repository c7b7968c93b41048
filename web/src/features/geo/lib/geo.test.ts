import { describe, expect, it } from "vitest";
import { boundsOf, formatDistance, haversineM, localDate, parsePoint } from "./geo";

describe("geo helpers", () => {
  it("measures Sylhet to Moulvibazar", () => {
    const d = haversineM(
      { latitude: 24.89904, longitude: 91.87198 },
      { latitude: 24.48888, longitude: 91.77075 },
    );
    expect(d).toBeGreaterThan(44_000);
    expect(d).toBeLessThan(48_000);
  });

  it("formats distances in each language", () => {
    expect(formatDistance(347, "en")).toBe("350 m");
    expect(formatDistance(1234, "en")).toBe("1.2 km");
    expect(formatDistance(46_000, "en")).toBe("46 km");
    expect(formatDistance(1234, "bn")).toBe("১.২ km");
  });

  it("bounds a set of points", () => {
    expect(boundsOf([])).toBeNull();
    expect(
      boundsOf([
        { latitude: 1, longitude: 5 },
        { latitude: -2, longitude: 7 },
      ]),
    ).toEqual([
      [-2, 5],
      [1, 7],
    ]);
  });

  it("parses a typed point", () => {
    expect(parsePoint("24.899, 91.872")).toEqual({ latitude: 24.899, longitude: 91.872 });
    expect(parsePoint("24.899 91.872")).toEqual({ latitude: 24.899, longitude: 91.872 });
    expect(parsePoint("91, 200")).toBeNull();
    expect(parsePoint("Sylhet")).toBeNull();
  });

  it("gives the local date", () => {
    expect(localDate(new Date(2026, 2, 2, 10))).toBe("2026-03-02");
  });
});
