import type { Company, Deal, Person, Pipeline, Session, Task, User } from "../api/types";

let n = 0;
const id = () => `00000000-0000-7000-8000-${String(++n).padStart(12, "0")}`;
const now = "2026-11-23T10:00:00Z";

export function makeUser(over: Partial<User> = {}): User {
  return {
    id: id(),
    email: "nusrat@example.com",
    display_name: "Nusrat Jahan",
    role: "admin",
    is_active: true,
    locale: "en",
    timezone: "Asia/Dhaka",
    team_ids: [],
    last_login_at: now,
    created_at: now,
    updated_at: now,
    version: 1,
    ...over,
  };
}

export function makeSession(user: User = makeUser()): Session {
  return { user, csrf_token: "csrf-123", expires_at: "2026-11-30T10:00:00Z" };
}

export function makePerson(over: Partial<Person> = {}): Person {
  return {
    id: id(),
    given_name: "Rahim",
    family_name: "Uddin",
    display_name: "Rahim Uddin",
    emails: [{ email: "rahim@example.com", label: "work", primary: true }],
    phones: [{ number: "+8801712345678", label: "mobile", primary: true }],
    primary_email: "rahim@example.com",
    primary_phone: "+8801712345678",
    address_line: null,
    city: "Sylhet",
    region: null,
    postal_code: null,
    country: "BD",
    latitude: null,
    longitude: null,
    social_handles: [],
    tags: [],
    owner_id: null,
    company_id: null,
    lifecycle_stage: "lead",
    lead_source: null,
    custom_fields: {},
    deleted_at: null,
    created_at: now,
    updated_at: now,
    version: 1,
    ...over,
  };
}

export function makeCompany(over: Partial<Company> = {}): Company {
  return {
    id: id(),
    name: "Meghna Traders",
    domain: "meghna.example",
    industry: "Retail",
    size: null,
    phone: null,
    address_line: null,
    city: "Dhaka",
    region: null,
    postal_code: null,
    country: "BD",
    latitude: null,
    longitude: null,
    owner_id: null,
    tags: [],
    custom_fields: {},
    deleted_at: null,
    created_at: now,
    updated_at: now,
    version: 1,
    ...over,
  };
}

export function makeDeal(over: Partial<Deal> = {}): Deal {
  return {
    id: id(),
    name: "Tea estate handsets",
    pipeline_id: "p1",
    stage_id: "s1",
    status: "open",
    lost_reason: null,
    amount: "150000.00",
    currency: "BDT",
    expected_close_date: "2026-11-30",
    closed_at: null,
    stage_entered_at: now,
    is_rotting: false,
    owner_id: null,
    person_id: null,
    company_id: null,
    tags: [],
    custom_fields: {},
    created_at: now,
    updated_at: now,
    version: 1,
    ...over,
  };
}

export function makeTask(over: Partial<Task> = {}): Task {
  return {
    id: id(),
    title: "Call Rahim about the invoice",
    notes: null,
    due_at: "2026-11-23T09:00:00Z",
    remind_at: null,
    reminded_at: null,
    priority: "normal",
    done: false,
    done_at: null,
    assignee_id: null,
    person_id: null,
    company_id: null,
    deal_id: null,
    created_at: now,
    updated_at: now,
    version: 1,
    ...over,
  };
}

export function makePipeline(): Pipeline {
  return {
    id: "p1",
    name: "Sales",
    is_default: true,
    position: 0,
    stages: [
      {
        id: "s1",
        pipeline_id: "p1",
        name: "Qualification",
        position: 0,
        probability: 10,
        rotting_days: 14,
      },
      {
        id: "s2",
        pipeline_id: "p1",
        name: "Proposal",
        position: 1,
        probability: 50,
        rotting_days: 21,
      },
    ],
    created_at: now,
    updated_at: now,
    version: 1,
  };
}

export const page = <T>(items: T[], next_cursor: string | null = null) => ({
  items,
  next_cursor,
  limit: 50,
});
