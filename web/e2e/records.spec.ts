import { expect, type Page, test } from "@playwright/test";
import { api, shots, unique } from "./helpers";

interface Named {
  id: string;
  name: string;
}

/** A company whose name is not on the first page (20, by name) of companies. */
async function companyBeyondFirstPage(page: Page, tag: string): Promise<Named> {
  const target = await api.post(page, "/api/v1/companies", {
    name: `Zamzam Records ${tag}`,
    city: "Chattogram",
  });
  // The demo has only a few companies: add some that sort before it until it is off page one.
  for (let i = 0; i < 30; i++) {
    const first = await api.get(page, "/api/v1/companies?sort=name&limit=20");
    if (!first.items.some((c: Named) => c.id === target.id)) return target;
    await api.post(page, "/api/v1/companies", { name: `Amber Agro ${tag} ${i + 1}` });
  }
  throw new Error("could not push the company off the first page");
}

test("change a person's company by searching, then see it in their history", async ({ page }) => {
  const tag = unique("").trim();
  const company = await companyBeyondFirstPage(page, tag);
  const person = await api.post(page, "/api/v1/people", {
    given_name: "Farzana",
    family_name: `Picker${tag}`,
  });

  await page.goto(`/people/${person.id}`);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Farzana");
  await page.getByRole("button", { name: "Edit Company" }).click();
  const picker = page.getByRole("combobox", { name: "Company" });
  await expect(picker).toBeFocused();
  await picker.fill(`Zamzam Records ${tag.slice(0, 4)}`);
  const option = page.getByRole("option", { name: new RegExp(`Zamzam Records ${tag}`) });
  await expect(option).toBeVisible();
  await shots(page, "13-company-picker", async () => {
    await picker.evaluate((el) => el.scrollIntoView({ block: "center" }));
    await expect(option).toBeVisible();
  });
  await option.click();

  const field = page.getByTestId("field-company");
  await expect(field.getByRole("button", { name: "Edit Company" })).toContainText(company.name);
  await page.reload();
  await expect(
    page.getByTestId("field-company").getByRole("button", { name: "Edit Company" }),
  ).toContainText(company.name);
  expect((await api.get(page, `/api/v1/people/${person.id}`)).company_id).toBe(company.id);

  // The History tab says who changed the company, from what to what.
  await page.getByRole("tab", { name: "History" }).click();
  const latest = page.getByTestId("history-entry").first();
  await expect(latest).toContainText("Esha Test made changes");
  await expect(latest).toContainText(`Company: empty → changed to${company.name}`);
  await expect(page.getByTestId("history-entry").last()).toContainText("created this record");
  await expect(page).toHaveURL(/tab=history/);
  await shots(page, "14-history", async () => {
    await page.getByRole("tab", { name: "History" }).scrollIntoViewIfNeeded();
    await expect(latest).toBeVisible();
  });
});

test("create a deal on the board linked to a person and, through them, a company", async ({
  page,
}) => {
  const tag = unique("").trim();
  const company = await api.post(page, "/api/v1/companies", { name: `Padma Pharma ${tag}` });
  await api.post(page, "/api/v1/people", {
    given_name: "Sabbir",
    family_name: `Deal${tag}`,
    company_id: company.id,
  });
  const name = `Cold chain fridges ${tag}`;

  await page.goto("/pipeline");
  await expect(page.getByTestId("pipeline-board")).toBeVisible();
  await page.getByRole("button", { name: "New deal" }).click();
  const dialog = page.getByRole("dialog", { name: "New deal" });
  await dialog.getByLabel("Name").fill(name);
  await dialog.getByLabel("Amount").fill("480000");
  await dialog.getByRole("combobox", { name: "Person" }).fill(`Deal${tag}`);
  await page.getByRole("option", { name: new RegExp(`Sabbir Deal${tag}`) }).click();
  // The person's company comes with them.
  await expect(dialog.getByRole("combobox", { name: "Company" })).toHaveValue(company.name);
  await expect(dialog.getByText(`Filled in from Sabbir Deal${tag}'s company`)).toBeVisible();
  await shots(page, "15-new-deal", async () => {
    await expect(dialog).toBeVisible();
  });
  await dialog.getByRole("button", { name: "Create deal" }).click();

  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  await expect(page.getByTestId("field-person")).toContainText(`Sabbir Deal${tag}`);
  await expect(page.getByTestId("field-company")).toContainText(company.name);
  await shots(page, "16-deal-links", async () => {
    await page.getByTestId("field-company").scrollIntoViewIfNeeded();
    await expect(page.getByTestId("field-company")).toBeVisible();
  });
  await page.getByRole("link", { name: `Open ${company.name}` }).click();
  await expect(page.getByRole("heading", { level: 1, name: company.name })).toBeVisible();
  await page.goBack();
  await page.getByRole("link", { name: `Open Sabbir Deal${tag}` }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Sabbir Deal${tag}` })).toBeVisible();
  await expect(page.getByRole("region", { name: "Deals" })).toContainText(name);
});

test("mark two tasks done at once", async ({ page }) => {
  const tag = unique("").trim();
  const due = new Date(Date.now() + 2 * 60 * 60 * 1000).toISOString();
  const titles = [`Send the quotation ${tag}`, `Book the showroom visit ${tag}`];
  for (const title of titles) await api.post(page, "/api/v1/tasks", { title, due_at: due });

  await page.goto(`/tasks?view=open&q=${encodeURIComponent(tag)}`);
  for (const title of titles) {
    await page.getByRole("checkbox", { name: `Select ${title}` }).check();
  }
  const bar = page.getByRole("region", { name: "Actions on selected records" });
  await expect(bar).toContainText("2 tasks selected");
  await shots(page, "17-tasks-bulk", async () => {
    await expect(bar).toBeVisible();
  });
  await bar.getByRole("button", { name: "Mark done" }).click();
  const dialog = page.getByRole("dialog", { name: "Mark 2 tasks done?" });
  await dialog.getByRole("button", { name: "Mark done" }).click();
  await expect(page.getByText("Done: 2 records")).toBeVisible();

  await page.goto(`/tasks?view=done&q=${encodeURIComponent(tag)}`);
  for (const title of titles) {
    await expect(page.getByRole("checkbox", { name: `Mark not done: ${title}` })).toBeChecked();
  }
  await page.reload();
  for (const title of titles) {
    await expect(page.getByRole("checkbox", { name: `Mark not done: ${title}` })).toBeChecked();
  }
});

test("an admin restores a deleted person from the people list's Deleted view", async ({ page }) => {
  const family = `Bin${unique("").trim()}`;
  const person = await api.post(page, "/api/v1/people", {
    given_name: "Rokeya",
    family_name: family,
  });
  const name = `Rokeya ${family}`;

  await page.goto(`/people/${person.id}`);
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  await page.getByRole("button", { name: "Delete" }).click();
  await page
    .getByRole("dialog", { name: `Delete ${name}?` })
    .getByRole("button", {
      name: "Delete",
    })
    .click();
  await expect(page).toHaveURL(/\/people$/);
  // The notification offers to undo; here we use the bin instead.
  await expect(page.getByRole("button", { name: "Undo" })).toBeVisible();

  await page.getByRole("link", { name: "Deleted" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Deleted people" })).toBeVisible();
  await page.getByRole("searchbox").fill(family);
  const restore = page.getByRole("button", { name: `Restore ${name}` });
  await expect(restore).toBeVisible();
  await shots(page, "18-people-bin", async () => {
    await expect(restore).toBeVisible();
  });
  await restore.click();
  await expect(page.getByText(`${name} restored`)).toBeVisible();
  await expect(restore).toBeHidden();
  await page.getByRole("button", { name: `Open ${name}` }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  expect((await api.get(page, `/api/v1/people/${person.id}`)).deleted_at).toBeNull();
});

test("undo a company's deletion from the notification", async ({ page }) => {
  const company = await api.post(page, "/api/v1/companies", {
    name: `Jamuna Jute ${unique("").trim()}`,
  });
  await page.goto(`/companies/${company.id}`);
  await expect(page.getByRole("heading", { level: 1, name: company.name })).toBeVisible();
  await page.getByRole("button", { name: "Delete" }).click();
  await page
    .getByRole("dialog", { name: `Delete ${company.name}?` })
    .getByRole("button", {
      name: "Delete",
    })
    .click();
  await expect(page.getByText(`${company.name} deleted`)).toBeVisible();
  await page.getByRole("button", { name: "Undo" }).click();
  await expect(page.getByRole("heading", { level: 1, name: company.name })).toBeVisible();
  expect((await api.get(page, `/api/v1/companies/${company.id}`)).deleted_at).toBeNull();
});
