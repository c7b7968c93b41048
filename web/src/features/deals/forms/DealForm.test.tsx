import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import {
  makeCompany,
  makeDeal,
  makePerson,
  makePipeline,
  makeSession,
  page,
} from "../../../test/factories";
import { json, mockApi } from "../../../test/fetchMock";
import { renderWithProviders } from "../../../test/render";
import { DealForm } from "./DealForm";

describe("DealForm", () => {
  it("links a person, and their company comes with them", async () => {
    const padma = makeCompany({ name: "Padma Pharma" });
    const sabbir = makePerson({ display_name: "Sabbir Hossain", company_id: padma.id });
    const onCreated = vi.fn();
    const { calls } = mockApi({
      "GET /api/v1/auth/session": () => json(makeSession()),
      "GET /api/v1/people": () => json(page([sabbir])),
      "GET /api/v1/people/{id}": () => json(sabbir),
      "GET /api/v1/companies": () => json(page([])),
      "GET /api/v1/companies/{id}": () => json(padma),
      "POST /api/v1/deals": (call) => json(makeDeal(call.body as object), 201),
    });
    renderWithProviders(
      <DealForm pipeline={makePipeline()} onCreated={onCreated} onCancel={() => {}} />,
    );
    await userEvent.type(screen.getByRole("textbox", { name: "Name" }), "Cold chain fridges");
    await userEvent.type(screen.getByRole("combobox", { name: "Person" }), "Sabbir");
    await userEvent.click(await screen.findByRole("option", { name: /Sabbir Hossain/ }));

    const company = screen.getByRole("combobox", { name: "Company" });
    await waitFor(() => expect(company).toHaveValue("Padma Pharma"));
    expect(screen.getByText("Filled in from Sabbir Hossain's company")).toBeInTheDocument();

    await userEvent.click(screen.getByRole("button", { name: "Create deal" }));
    await waitFor(() => expect(onCreated).toHaveBeenCalled());
    const body = calls.find((c) => c.method === "POST")?.body as Record<string, unknown>;
    expect(body).toMatchObject({
      name: "Cold chain fridges",
      person_id: sabbir.id,
      company_id: padma.id,
    });
  });

  it("keeps a company chosen by hand when a person is picked", async () => {
    const padma = makeCompany({ name: "Padma Pharma" });
    const jamuna = makeCompany({ name: "Jamuna Jute" });
    const sabbir = makePerson({ display_name: "Sabbir Hossain", company_id: padma.id });
    mockApi({
      "GET /api/v1/auth/session": () => json(makeSession()),
      "GET /api/v1/people": () => json(page([sabbir])),
      "GET /api/v1/people/{id}": () => json(sabbir),
      "GET /api/v1/companies": () => json(page([jamuna])),
      "GET /api/v1/companies/{id}": (call) => json(call.path.endsWith(jamuna.id) ? jamuna : padma),
    });
    renderWithProviders(
      <DealForm pipeline={makePipeline()} onCreated={() => {}} onCancel={() => {}} />,
    );
    const company = screen.getByRole("combobox", { name: "Company" });
    await userEvent.click(company);
    await userEvent.click(await screen.findByRole("option", { name: /Jamuna Jute/ }));
    await userEvent.type(screen.getByRole("combobox", { name: "Person" }), "Sabbir");
    await userEvent.click(await screen.findByRole("option", { name: /Sabbir Hossain/ }));
    await waitFor(() => expect(company).toHaveValue("Jamuna Jute"));
  });
});
