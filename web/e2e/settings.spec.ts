import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, test } from "@playwright/test";
import { api, DESK, expectSignedIn, PASSWORD, shots, signIn, unique } from "./helpers";

/** Serious and critical WCAG 2.1 A/AA violations on the page as it is now (as in a11y.spec). */
async function serious(page: Page) {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(" | ")}`);
}

/** The pipeline's panel in Settings → Pipelines (opened when `open`). */
async function pipelinePanel(page: Page, name: string, open = false) {
  const control = page.getByRole("button", { name: new RegExp(`^${name}`) });
  if (open) await control.click();
  await expect(control).toHaveAttribute("aria-expanded", "true");
  return page.getByRole("region", { name: new RegExp(`^${name}`) });
}

test("pipelines: create one, add a stage, rename and move it; the board shows it", async ({
  page,
}) => {
  const name = unique("Export orders");
  await page.goto("/settings/pipelines");
  await expect(page.getByRole("tab", { name: "Pipelines", selected: true })).toBeVisible();

  // A new pipeline with two stages.
  await page.getByRole("button", { name: "New pipeline" }).click();
  const create = page.getByRole("dialog", { name: "New pipeline" });
  await create.getByRole("textbox", { name: "Pipeline name" }).fill(name);
  await create.getByRole("textbox", { name: "Name of stage 1" }).fill("Enquiry");
  await create.getByRole("button", { name: "Add stage" }).click();
  await create.getByRole("textbox", { name: "Name of stage 2" }).fill("Shipped");
  await shots(page, "13-settings-pipeline-new", async () => {
    await expect(create.getByRole("textbox", { name: "Name of stage 2" })).toBeVisible();
  });
  await create.getByRole("button", { name: "Create pipeline" }).click();
  await expect(create).toBeHidden();
  await expect(page.getByText(`Pipeline ${name} created`)).toBeVisible();

  // It opens ready for editing: add a stage at the end and name it.
  let panel = await pipelinePanel(page, name);
  await panel.getByRole("button", { name: "Add stage" }).click();
  const third = panel.getByRole("textbox", { name: "Name of stage 3" });
  await expect(third).toBeFocused();
  await third.fill("Quoted");
  await panel.getByRole("textbox", { name: "Win probability of stage 3" }).fill("40");
  await panel.getByRole("button", { name: "Save stages" }).click();
  await expect(page.getByText("Stages saved")).toBeVisible();

  // Rename it, and move it up between the other two with the keyboard.
  await panel.getByRole("textbox", { name: "Name of stage 3" }).fill("Quotation sent");
  await panel.getByRole("button", { name: "Move Quotation sent up" }).focus();
  await page.keyboard.press("Enter");
  await expect(panel.getByRole("textbox", { name: "Name of stage 2" })).toHaveValue(
    "Quotation sent",
  );
  await panel.getByRole("button", { name: "Save stages" }).click();
  await expect(panel.getByRole("button", { name: "Save stages" })).toBeDisabled();

  // Persisted: after a reload the order and the names are the saved ones.
  await page.reload();
  panel = await pipelinePanel(page, name, true);
  await expect(panel.getByRole("textbox", { name: "Name of stage 1" })).toHaveValue("Enquiry");
  await expect(panel.getByRole("textbox", { name: "Name of stage 2" })).toHaveValue(
    "Quotation sent",
  );
  await expect(panel.getByRole("textbox", { name: "Win probability of stage 2" })).toHaveValue(
    "40 %",
  );
  await expect(panel.getByRole("textbox", { name: "Name of stage 3" })).toHaveValue("Shipped");
  expect(await serious(page)).toEqual([]);
  await shots(page, "14-settings-pipelines", async () => {
    // On a phone the stages are further down: show them.
    await panel.getByRole("textbox", { name: "Name of stage 1" }).scrollIntoViewIfNeeded();
    await expect(panel.getByRole("textbox", { name: "Name of stage 2" })).toBeVisible();
  });
  const saved = (await api.get(page, "/api/v1/pipelines")).find(
    (p: { name: string }) => p.name === name,
  );
  expect(saved.stages.map((s: { name: string }) => s.name)).toEqual([
    "Enquiry",
    "Quotation sent",
    "Shipped",
  ]);

  // The board shows the new stage as a column, in its place.
  await panel.getByRole("link", { name: "Open on the board" }).click();
  await expect(page).toHaveURL(new RegExp(`/pipeline\\?pipeline=${saved.id}`));
  const board = page.getByTestId("pipeline-board");
  await expect(board.getByTestId("stage-Quotation sent")).toBeVisible();
  await expect(board.getByRole("heading", { level: 2 })).toHaveText([
    "Enquiry",
    "Quotation sent",
    "Shipped",
  ]);
  await shots(page, "15-pipeline-board-new-stage", async () => {
    await expect(board.getByTestId("stage-Quotation sent")).toBeVisible();
  });
});

test("teams: add a member to a team; it is kept after a reload", async ({ page }) => {
  // Someone whose name nobody else has, so the option to pick is unambiguous.
  const users: { id: string; email: string; display_name: string }[] = await api.get(
    page,
    "/api/v1/users",
  );
  const member = users.find(
    (u) =>
      u.email !== "e2e@example.com" &&
      users.filter((x) => x.display_name === u.display_name).length === 1,
  )!;
  const team = await api.post(page, "/api/v1/teams", {
    name: unique("Chattogram field"),
    member_ids: [],
  });

  await page.goto("/settings/teams");
  await page.getByRole("button", { name: `Edit team ${team.name}` }).click();
  const dialog = page.getByRole("dialog", { name: `Edit team ${team.name}` });
  await dialog.getByRole("textbox", { name: "Description" }).fill("Visits in the port area");
  const members = dialog.getByRole("combobox", { name: "Members" });
  await members.click();
  await members.fill(member.display_name);
  await page.getByRole("option", { name: member.display_name, exact: true }).click();
  await page.keyboard.press("Escape");
  expect(await serious(page)).toEqual([]);
  await shots(page, "16-settings-team-edit", async () => {
    await expect(dialog).toBeVisible();
  });
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(dialog).toBeHidden();

  await page.reload();
  const row = page.getByTestId(`team-${team.name}`);
  await expect(row).toContainText(member.display_name);
  await expect(row).toContainText("Visits in the port area");
  const saved = await api.get(page, `/api/v1/teams/${team.id}`);
  expect(saved.member_ids).toContain(member.id);
});

test("custom fields: change a field's label", async ({ page }) => {
  const key = `e2e_${Date.now().toString(36)}`;
  await api.post(page, "/api/v1/custom-fields", {
    object_type: "people",
    key,
    label: "Shoe size",
    type: "select",
    options: ["S", "M"],
  });
  await page.goto("/settings/fields");
  // This field's own row: an earlier run or attempt may have left another "Shoe size".
  await page
    .getByTestId(`field-${key}`)
    .getByRole("button", { name: "Edit field Shoe size" })
    .click();
  const dialog = page.getByRole("dialog", { name: "Edit field Shoe size" });
  await dialog.getByRole("textbox", { name: "Label" }).fill("Preferred size");
  await shots(page, "17-settings-field-edit", async () => {
    await expect(dialog).toBeVisible();
  });
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId(`field-${key}`)).toContainText("Preferred size");
  await page.reload();
  await expect(page.getByTestId(`field-${key}`)).toContainText("Preferred size");
});

test("users: reset a password to a generated one, then sign in with it", async ({
  page,
  browser,
}) => {
  const email = `${unique("salma").replace(" ", ".")}@example.com`;
  await api.post(page, "/api/v1/users", {
    email,
    display_name: "Salma Akter",
    role: "sales",
    password: PASSWORD,
  });

  await page.goto("/settings/users");
  await page
    .getByTestId(`user-${email}`)
    .getByRole("button", { name: /^Reset the password/ })
    .click();
  const dialog = page.getByRole("dialog", { name: "Reset password: Salma Akter" });
  await expect(dialog).toContainText("signed out on every device");
  await dialog.getByRole("button", { name: "Reset password" }).click();
  const shown = dialog.getByTestId("new-password");
  await expect(shown).not.toBeEmpty();
  const generated = (await shown.textContent())?.trim() ?? "";
  expect(generated.length).toBeGreaterThanOrEqual(10);
  await expect(dialog.getByRole("button", { name: "Copy password" })).toBeVisible();
  expect(await serious(page)).toEqual([]);
  await shots(page, "18-settings-password-reset", async () => {
    await expect(shown).toBeVisible();
  });
  await dialog.getByRole("button", { name: "Done" }).click();
  await expect(dialog).toBeHidden();

  // A fresh browser: the old password is refused, the generated one lets her in.
  const context = await browser.newContext({
    storageState: { cookies: [], origins: [] },
    viewport: DESK,
  });
  const salma = await context.newPage();
  await salma.goto("/sign-in");
  await signIn(salma, email, PASSWORD);
  await expect(salma.getByRole("alert")).toContainText("do not match");
  await signIn(salma, email, generated);
  await expectSignedIn(salma);
  await context.close();
});
