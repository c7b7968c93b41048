import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { api, shots, unique } from "./helpers";

/** The string in Windows-1252 (Latin letters only), as Excel on Windows saves a CSV. */
function cp1252(text: string): Buffer {
  return Buffer.from(text, "latin1");
}

test("import a Windows-1252 CSV with bad rows: see the errors, download the report, find the people", async ({
  page,
}) => {
  const tag = unique("").trim().replace(/\W/g, "");
  const csv = [
    "First Name;Last Name;Email;Phone",
    `José;Núñez${tag};jose.${tag}@example.com;01711-234567`,
    `Bad;Row${tag};not-an-email;12`,
    `Zoë;Ørsted${tag};zoe.${tag}@example.com;`,
    "",
  ].join("\r\n");

  await page.goto("/people");
  await page.getByRole("link", { name: "Import", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Import", exact: true })).toBeVisible();

  await page.locator('input[type="file"]').setInputFiles({
    name: `people-${tag}.csv`,
    mimeType: "text/csv",
    buffer: cp1252(csv),
  });
  await expect(page.getByTestId("import-encoding")).toHaveText("Windows-1252");
  await expect(page.getByRole("combobox", { name: "Field for column Email" })).toHaveValue(
    "E-mail",
  );

  await page.getByRole("button", { name: "Check (dry run)" }).click();
  const job = page.getByTestId("import-job");
  await expect(job).toContainText("2 created, 0 updated, 0 skipped, 1 with errors");
  await expect(job).toContainText("dry run");

  await page.getByRole("button", { name: "Import", exact: true }).click();
  await expect(job).toContainText("Done");
  await expect(job).not.toContainText("dry run");
  await expect(job.getByRole("cell", { name: "Email", exact: true })).toBeVisible();
  await shots(page, "import");

  const download = page.waitForEvent("download");
  await job.getByRole("link", { name: "Download the error report (CSV)" }).click();
  const report = readFileSync((await (await download).path()) ?? "", "utf-8");
  expect(report).toContain(`3,Email,not a valid e-mail address`);
  expect(report).toContain(`Bad,Row${tag},not-an-email,12`);

  const found = await api.get(page, `/api/v1/people?q=${tag}`);
  expect(found.items.map((p: { family_name: string }) => p.family_name).sort()).toEqual([
    `Núñez${tag}`,
    `Ørsted${tag}`,
  ]);
  await page.getByRole("link", { name: "See the people" }).click();
  await page.getByLabel("Search people by name, e-mail or phone").fill(tag);
  await expect(page.getByText(`Núñez${tag}`).first()).toBeVisible();
});

test("import an orders file: lines grouped into orders, a bad order reported, the orders listed", async ({
  page,
}) => {
  const tag = unique("").trim().replace(/\W/g, "");
  const csv = [
    "Invoice No,Date,Customer,Branch,Product,Qty,Price",
    `${tag}-1,01/03/2026 10:15,Rahim ${tag},Gulshan,Tea,2,450`,
    `${tag}-1,,,,Mug,1,350`,
    `${tag}-2,02/03/2026,,Banani,Tea,one,100`,
    "",
  ].join("\n");

  await page.goto("/import?kind=orders");
  await expect(page.getByRole("radio", { name: "Orders" })).toBeChecked();
  await page.locator('input[type="file"]').setInputFiles({
    name: `orders-${tag}.csv`,
    mimeType: "text/csv",
    buffer: Buffer.from(csv, "utf-8"),
  });
  await expect(page.getByRole("combobox", { name: "Field for column Invoice No" })).toHaveValue(
    "Order number *",
  );
  await page.getByRole("button", { name: "Import", exact: true }).click();
  const job = page.getByTestId("import-job");
  await expect(job).toContainText("Done");
  await expect(job).toContainText("1 created, 0 updated, 0 skipped, 1 with errors");
  await expect(job.getByRole("cell", { name: "not a number" })).toBeVisible();
  await shots(page, "import-orders");

  await page.getByRole("link", { name: "See the orders" }).click();
  await expect(page).toHaveURL(/\/orders/);
  const found = await api.get(page, `/api/v1/orders?q=${tag}-1`);
  expect(found.items).toHaveLength(1);
  expect(found.items[0].total).toBe("1250.00");
  expect(found.items[0].lines).toHaveLength(2);
});
