import { describe, expect, it } from "vitest";
import { ApiError } from "../../api/errors";
import { bulkOutcome, eachLimited, failureCode } from "../../lib/bulk";
import { testI18n } from "../../test/render";
import { describeBulkResult } from "./bulkSummary";

const { t } = testI18n("en");

describe("bulk results", () => {
  it("counts the failures of a bulk answer by their problem code", () => {
    expect(
      bulkOutcome({
        succeeded: 3,
        failed: 2,
        items: [
          { status: 200 },
          { status: 412, code: "version_mismatch" },
          { status: 200 },
          { status: 404, code: "not_found" },
          { status: 200 },
        ],
      }),
    ).toEqual({ succeeded: 3, failed: 2, failures: { version_mismatch: 1, not_found: 1 } });
  });

  it("names the reason of a failed request, by code or else by status", () => {
    expect(failureCode(new ApiError(412, { code: "version_mismatch" }))).toBe("version_mismatch");
    expect(failureCode(new ApiError(404, undefined))).toBe("not_found");
    expect(failureCode(new ApiError(403, {}))).toBe("permission_denied");
    expect(failureCode(new TypeError("Failed to fetch"))).toBe("network");
  });

  it("runs one request per item and keeps the ones that went through", async () => {
    const result = await eachLimited([1, 2, 3, 4], async (n) => {
      if (n === 3) throw new ApiError(412, { code: "version_mismatch" });
    });
    expect(result.succeeded).toBe(3);
    expect(result.failed).toBe(1);
    expect(result.failures).toEqual({ version_mismatch: 1 });
    expect([...result.done].sort()).toEqual([1, 2, 4]);
  });

  it("says what was done when everything went through", () => {
    expect(describeBulkResult(t, { succeeded: 4, failed: 0 })).toBe("Done: 4 records");
  });

  it("says why the others failed", () => {
    expect(
      describeBulkResult(t, { succeeded: 3, failed: 1, failures: { version_mismatch: 1 } }),
    ).toBe("3 done, 1 failed: changed by someone else");
  });

  it("lists several reasons, most frequent first, with their counts", () => {
    expect(
      describeBulkResult(t, {
        succeeded: 1,
        failed: 3,
        failures: { not_found: 1, version_mismatch: 2 },
      }),
    ).toBe("1 done, 3 failed: changed by someone else (2); no longer there (1)");
  });

  it("falls back to a general reason for codes it does not know", () => {
    expect(describeBulkResult(t, { succeeded: 0, failed: 2, failures: { teapot: 2 } })).toBe(
      "0 done, 2 failed: an error on the server",
    );
    expect(describeBulkResult(t, { succeeded: 1, failed: 1 })).toBe("1 done, 1 failed.");
  });

  it("speaks Bengali too", () => {
    const bn = testI18n("bn").t;
    expect(
      describeBulkResult(bn, { succeeded: 3, failed: 1, failures: { version_mismatch: 1 } }),
    ).toBe("৩টি সম্পন্ন, ১টি ব্যর্থ: অন্য কেউ এর মধ্যে বদলেছেন");
  });
});
