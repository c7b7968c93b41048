"""Column mappings: which column of a file fills which field of a person or a company.

A mapping is `{column header: target field}` (a column mapped to nothing is kept in the source
record's payload only). It comes from a preset (exports of Salesforce, HubSpot, Zoho CRM and
Pipedrive, kept as JSON files in `presets/`), from a JSON file of the same shape, or from
`suggest()`, which reads the headers: known synonyms first, then fuzzy matching."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

KINDS = ("people", "companies", "orders")


@dataclass(frozen=True)
class Target:
    name: str
    label: str
    required: bool = False
    multi: bool = False  # several columns may fill it (e-mails, phones, tags, address lines)


PEOPLE_TARGETS = (
    Target("external_id", "External id (record id in the source)"),
    Target("given_name", "First name"),
    Target("family_name", "Last name"),
    Target("display_name", "Full name"),
    Target("email", "E-mail", multi=True),
    Target("phone", "Phone", multi=True),
    Target("mobile", "Mobile phone", multi=True),
    Target("address_line", "Street address", multi=True),
    Target("city", "City"),
    Target("region", "State / region"),
    Target("postal_code", "Postal code"),
    Target("country", "Country"),
    Target("company_name", "Company name"),
    Target("lifecycle_stage", "Lifecycle stage"),
    Target("lead_source", "Lead source"),
    Target("tags", "Tags", multi=True),
)
COMPANY_TARGETS = (
    Target("external_id", "External id (record id in the source)"),
    Target("name", "Company name", required=True),
    Target("domain", "Website / domain"),
    Target("industry", "Industry"),
    Target("size", "Number of employees"),
    Target("phone", "Phone"),
    Target("address_line", "Street address", multi=True),
    Target("city", "City"),
    Target("region", "State / region"),
    Target("postal_code", "Postal code"),
    Target("country", "Country"),
    Target("tags", "Tags", multi=True),
)
# One row per order line; rows with the same order number make one order.
ORDER_TARGETS = (
    Target("order_number", "Order number", required=True),
    Target("placed_at", "Order date / time"),
    Target("customer_external_id", "Customer id (in the source)"),
    Target("customer_email", "Customer e-mail"),
    Target("customer_phone", "Customer phone"),
    Target("customer_name", "Customer name"),
    Target("channel", "Channel (store, web, app, phone, marketplace)"),
    Target("store", "Store / branch"),
    Target("currency", "Currency"),
    Target("status", "Status (paid, placed, cancelled)"),
    Target("order_total", "Order total"),
    Target("sku", "Product code / SKU"),
    Target("product", "Product", required=True),
    Target("quantity", "Quantity"),
    Target("unit_price", "Unit price", required=True),
    Target("line_total", "Line total"),
)
TARGETS: dict[str, tuple[Target, ...]] = {
    "people": PEOPLE_TARGETS,
    "companies": COMPANY_TARGETS,
    "orders": ORDER_TARGETS,
}

# Normalised header → target, per kind. `_norm` drops case, accents of punctuation and spaces.
_PEOPLE_SYNONYMS = {
    "external_id": ["id", "externalid", "recordid", "contactid", "leadid", "personid", "customerid",
                    "crmid", "zcrmid", "uid", "userid"],
    "given_name": ["firstname", "givenname", "forename", "first", "fname", "prenom", "vorname"],
    "family_name": ["lastname", "familyname", "surname", "last", "lname", "nachname"],
    "display_name": ["name", "fullname", "contactname", "displayname", "personname", "customername"],
    "email": ["email", "emailaddress", "mail", "workemail", "primaryemail", "emailwork", "secondaryemail",
              "personalemail", "emailhome", "emailother", "businessemail"],
    "phone": ["phone", "phonenumber", "telephone", "tel", "workphone", "businessphone", "officephone",
              "homephone", "phonework", "phonehome", "landline", "contactnumber"],
    "mobile": ["mobile", "mobilephone", "mobilephonenumber", "cell", "cellphone", "mobileno", "whatsapp",
               "phonemobile", "mobilenumber"],
    "address_line": ["address", "street", "streetaddress", "addressline1", "addressline2", "address1",
                     "address2", "mailingstreet", "line1", "line2"],
    "city": ["city", "town", "mailingcity", "citytown", "district"],
    "region": ["state", "region", "province", "stateregion", "stateprovince", "mailingstate", "county",
               "division"],
    "postal_code": ["zip", "zipcode", "postcode", "postalcode", "pincode", "pin", "mailingzip",
                    "mailingpostalcode", "zippostalcode"],
    "country": ["country", "countryregion", "mailingcountry", "countrycode", "nation"],
    "company_name": ["company", "companyname", "organization", "organisation", "accountname", "account",
                     "employer", "org"],
    "lifecycle_stage": ["lifecyclestage", "stage", "lifecycle", "contacttype"],
    "lead_source": ["leadsource", "source", "originalsource", "originaltrafficsource", "channel"],
    "tags": ["tags", "tag", "labels", "label", "segments"],
}  # fmt: skip
_COMPANY_SYNONYMS = {
    "external_id": ["id", "externalid", "recordid", "accountid", "companyid", "organizationid", "zcrmid"],
    "name": ["name", "companyname", "accountname", "organization", "organisation", "organizationname",
             "company", "businessname"],
    "domain": ["domain", "website", "websiteurl", "url", "web", "companydomainname", "homepage"],
    "industry": ["industry", "sector", "vertical"],
    "size": ["size", "employees", "numberofemployees", "companysize", "headcount", "staff"],
    "phone": ["phone", "phonenumber", "telephone", "tel", "mainphone"],
    "address_line": ["address", "street", "streetaddress", "billingstreet", "addressline1", "addressline2"],
    "city": ["city", "town", "billingcity"],
    "region": ["state", "region", "province", "stateregion", "billingstate", "stateprovince"],
    "postal_code": ["zip", "zipcode", "postcode", "postalcode", "billingcode", "billingzip",
                    "billingpostalcode"],
    "country": ["country", "countryregion", "billingcountry"],
    "tags": ["tags", "tag", "labels", "label"],
}  # fmt: skip


_ORDER_SYNONYMS = {
    "order_number": ["ordernumber", "orderno", "orderid", "order", "invoicenumber", "invoiceno", "invoice",
                     "receiptnumber", "receiptno", "billno", "transactionid", "salesorder", "dealid"],
    "placed_at": ["date", "orderdate", "placedat", "createdat", "invoicedate", "transactiondate", "datetime",
                  "time", "purchasedate", "closedate"],
    "customer_external_id": ["customerid", "customernumber", "customerno", "loyaltynumber", "memberid",
                             "accountid", "contactid", "clientid"],
    "customer_email": ["email", "customeremail", "emailaddress", "buyeremail", "contactemail"],
    "customer_phone": ["phone", "customerphone", "mobile", "phonenumber", "mobilenumber", "contactnumber"],
    "customer_name": ["customer", "customername", "name", "buyer", "buyername", "clientname", "contactname"],
    "channel": ["channel", "saleschannel", "ordersource"],
    "store": ["store", "shop", "branch", "outlet", "location", "storename", "shopname"],
    "currency": ["currency", "currencycode", "dealcurrency"],
    "status": ["status", "orderstatus", "paymentstatus"],
    "order_total": ["total", "ordertotal", "grandtotal", "invoicetotal", "amount", "totalamount"],
    "sku": ["sku", "productcode", "itemcode", "code", "barcode", "productid", "itemid"],
    "product": ["product", "productname", "item", "itemname", "description", "lineitem", "article"],
    "quantity": ["quantity", "qty", "units", "count"],
    "unit_price": ["unitprice", "price", "rate", "itemprice", "priceperunit", "mrp"],
    "line_total": ["linetotal", "lineamount", "subtotal", "itemtotal", "extendedprice"],
}  # fmt: skip


def _norm(header: str) -> str:
    return re.sub(r"[^0-9a-z]+", "", header.casefold())


@cache
def _synonyms(kind: str) -> dict[str, str]:
    table = {"people": _PEOPLE_SYNONYMS, "orders": _ORDER_SYNONYMS}.get(kind, _COMPANY_SYNONYMS)
    return {syn: target for target, syns in table.items() for syn in syns}


def target_names(kind: str) -> set[str]:
    return {t.name for t in TARGETS.get(kind, ())}


def suggest(kind: str, headers: list[str]) -> dict[str, str | None]:
    """A target for each header: an exact synonym, else a fuzzy one (rapidfuzz, score ≥ 88);
    a single-valued target goes to the first column that claims it."""
    synonyms = _synonyms(kind)
    multi = {t.name for t in TARGETS.get(kind, ()) if t.multi}
    taken: set[str] = set()
    out: dict[str, str | None] = {}
    for header in headers:
        key = _norm(header)
        target = synonyms.get(key)
        if target is None and len(key) >= 4:
            target = _fuzzy(key, synonyms)
        if target is not None and target not in multi and target in taken:
            target = None
        if target is not None:
            taken.add(target)
        out[header] = target
    return out


def _fuzzy(key: str, synonyms: dict[str, str]) -> str | None:
    try:
        from rapidfuzz import fuzz, process
    except ImportError:  # pragma: no cover - rapidfuzz is a dependency; stay useful without it
        return None
    found = process.extractOne(key, list(synonyms), scorer=fuzz.ratio, score_cutoff=88)
    return synonyms[found[0]] if found else None


# --- presets -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Preset:
    name: str
    label: str
    kind: str
    columns: dict[str, str]  # the export's header → target
    signature: tuple[str, ...]  # headers that only this export writes (for detection)


@cache
def presets() -> dict[str, Preset]:
    out = {}
    folder = resources.files("sampark.imports") / "presets"
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".json"):
            continue
        data = json.loads(entry.read_text(encoding="utf-8"))
        out[data["name"]] = Preset(
            data["name"], data["label"], data["kind"], dict(data["columns"]), tuple(data.get("signature", ()))
        )
    return out


def detect_preset(headers: list[str], kind: str | None = None) -> Preset | None:
    """The preset whose export these headers look like: most of its columns present and at least
    one of its signature headers; None when no preset fits."""
    present = {_norm(h) for h in headers}
    best: tuple[float, int, Preset] | None = None
    for preset in presets().values():
        if kind is not None and preset.kind != kind:
            continue
        cols = {_norm(c) for c in preset.columns}
        hits = len(cols & present)
        if hits < 3 or not any(_norm(s) in present for s in preset.signature):
            continue
        score = (hits / max(len(present), 1), hits, preset)
        if best is None or score[:2] > best[:2]:
            best = score
    return best[2] if best else None


def apply_preset(preset: Preset, headers: list[str]) -> dict[str, str | None]:
    """The preset's mapping for these headers; headers it does not know get a suggestion."""
    by_norm = {_norm(c): t for c, t in preset.columns.items()}
    mapping = suggest(preset.kind, headers)
    for header in headers:
        target = by_norm.get(_norm(header))
        if target is not None:
            mapping[header] = target
        elif mapping.get(header) in set(by_norm.values()) - {
            "email",
            "phone",
            "mobile",
            "tags",
            "address_line",
        }:
            mapping[header] = None  # the preset already fills it from its own column
    return mapping


class MappingError(ValueError):
    pass


def load_mapping(
    kind: str, headers: list[str], spec: str | dict[str, Any] | None
) -> tuple[dict[str, str | None], str | None]:
    """The mapping to use and the preset's name if one was used. `spec`: None (detect a preset,
    else suggest), a preset name, a path to a JSON file, or a mapping dict."""
    preset_name: str | None = None
    if spec is None or spec == "":
        preset = detect_preset(headers, kind)
        if preset is not None:
            return apply_preset(preset, headers), preset.name
        return suggest(kind, headers), None
    if isinstance(spec, str):
        if spec in presets():
            preset = presets()[spec]
            if preset.kind != kind:
                raise MappingError(f"The preset {spec!r} is for {preset.kind}, not {kind}.")
            return apply_preset(preset, headers), preset.name
        path = Path(spec)
        if not path.exists():
            names = ", ".join(sorted(presets()))
            raise MappingError(f"{spec!r} is neither a preset ({names}) nor a mapping file.")
        try:
            spec = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise MappingError(f"The mapping file cannot be read: {exc}") from exc
        if not isinstance(spec, dict):
            raise MappingError("A mapping file holds one JSON object: {column header: field}.")
    return check_mapping(kind, headers, spec), preset_name


def check_mapping(kind: str, headers: list[str], raw: dict[str, Any]) -> dict[str, str | None]:
    """A mapping given by a person: every key a header of the file, every value a known field
    (or null), single-valued fields used once, required fields present."""
    if isinstance(raw.get("columns"), dict):
        raw = raw["columns"]
    names = target_names(kind)
    multi = {t.name for t in TARGETS[kind] if t.multi}
    unknown_cols = [c for c in raw if c not in headers]
    if unknown_cols:
        raise MappingError(f"Columns not in the file: {', '.join(unknown_cols[:5])}.")
    out: dict[str, str | None] = dict.fromkeys(headers)
    used: set[str] = set()
    for column, target in raw.items():
        if target in (None, ""):
            continue
        if not isinstance(target, str) or target not in names:
            raise MappingError(f"{target!r} (column {column!r}) is not a {kind} field.")
        if target in used and target not in multi:
            raise MappingError(f"The field {target!r} is mapped from more than one column.")
        used.add(target)
        out[column] = target
    for t in TARGETS[kind]:
        if t.required and t.name not in used:
            raise MappingError(f"Map a column to the required field {t.name!r}.")
    return out
