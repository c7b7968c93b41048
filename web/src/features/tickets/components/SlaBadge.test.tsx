import { cleanup, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { renderWithProviders } from "../../../test/render";
import { makeTicket } from "../testTicket";
import { SlaBadge } from "./SlaBadge";

const at = (iso: string) => new Date(iso);
const badge = () => document.querySelector("[data-sla]");

describe("SlaBadge", () => {
  it("counts down, turns amber inside the warning window and red once breached", () => {
    const ticket = makeTicket();
    const show = (iso: string) => {
      cleanup();
      renderWithProviders(<SlaBadge ticket={ticket} now={at(iso)} />);
    };
    show("2026-12-06T10:00:00Z");
    expect(badge()).toHaveAttribute("data-sla", "ok");
    expect(badge()).toHaveTextContent(/^2 hrs? to first response$/);
    show("2026-12-06T11:45:00Z");
    expect(badge()).toHaveAttribute("data-sla", "at_risk");
    expect(badge()).toHaveTextContent(/^15 mins? to first response$/);
    show("2026-12-06T13:30:00Z");
    expect(badge()).toHaveAttribute("data-sla", "breached");
    expect(badge()).toHaveTextContent(/^Breached · 1 hr 30 mins? over first response$/);
  });

  it("says paused while pending on the customer", () => {
    renderWithProviders(
      <SlaBadge ticket={makeTicket({ status: "pending", sla_paused: true, sla_due_at: null })} />,
    );
    expect(screen.getByText("Paused · waiting on customer")).toBeInTheDocument();
  });

  it("speaks Bengali", () => {
    renderWithProviders(<SlaBadge ticket={makeTicket()} now={at("2026-12-06T10:00:00Z")} />, {
      language: "bn",
    });
    expect(document.querySelector("[data-sla=ok]")?.textContent).toMatch(/প্রথম উত্তর.*২/);
  });
});
