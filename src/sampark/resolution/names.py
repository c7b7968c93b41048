"""Name keys that compare across scripts and spellings.

"মোহাম্মদ রহমান", "Mohammad Rahman", "Mohd. Rahman" and "Md. Rahman" are one name; so are
"सुनीता शर्मा" and "Sunita Sharma", "Chowdhury" and "Choudhury". A name goes through:

1. script detection: Bengali or Devanagari text is transliterated with `indic-transliteration`
   (ITRANS, which keeps the vowels that `anyascii` drops), then the inherent vowel that
   everyday romanisation leaves out is deleted (word-final, and between a vowel-consonant and
   a consonant-vowel: রহমান → "rahamAna" → "rahman"); any other script goes through `anyascii`;
2. tokens: lower case, punctuation dropped, titles (Mr, Dr, Sri, Smt, Mst …) removed, common
   abbreviations expanded (Md./Mohd./Muhammad/Mohammed → "mohammad", Chy → "chowdhury" …);
3. spelling classes folded (`folded`): aspirates (kh/gh/th/dh/bh/sh → k/g/t/d/b/s), ch/chh,
   ph/f, w/v/b, z/j, q/k, ee/i, oo/u, ou/au/ow → o, ai/ei/ay → e (not before a vowel: Ayesha),
   double letters …;
4. a consonant skeleton (`skeleton`: the first letter — any first vowel as "a" — then the
   consonants) that forgives the vowels transliterations disagree on (Bijoy/Bijay,
   Rahaman/Rahman, Ayesha/Aisha, Osman/Usman), and a phonetic code
   (`phonetic`: Metaphone via `jellyfish`).

Every function is pure and cached: names repeat, and a million records pass through here."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

Script = Literal["latin", "bengali", "devanagari", "other", "none"]

_BENGALI = (0x0980, 0x09FF)
_DEVANAGARI = (0x0900, 0x097F)


def detect_script(text: str) -> Script:
    """The script of the first letter that tells: Bengali, Devanagari, Latin or other."""
    for ch in text:
        code = ord(ch)
        if _BENGALI[0] <= code <= _BENGALI[1]:
            return "bengali"
        if _DEVANAGARI[0] <= code <= _DEVANAGARI[1]:
            return "devanagari"
        if ch.isalpha():
            return "latin" if code < 0x0250 or 0x1E00 <= code <= 0x1EFF else "other"
    return "none"


# ITRANS vowels (upper case ones are long); everything else that is a letter is a consonant.
_ITRANS_VOWELS = set("aAiIuUeEoO")
_SCHWA_MEDIAL = re.compile(
    r"(?<=[aAiIuUeEoO][b-df-hj-np-tv-zBCDGJKLNRSTYZ~])a(?=[b-df-hj-np-tv-zBCDGJKLNRSTYZ~][aAiIuUeEoO])"
)


_ONE_CONSONANT = re.compile(r"(?:[kgcjtdpbsCTDS]h|[b-df-hj-np-tv-zBCDGJKLNRSTYZ])$")


def _delete_schwa(word: str) -> str:
    """Drop the inherent vowel romanisation leaves out: word-final after one consonant
    (মোহাম্মদ "mohAmmada" → "mohAmmad", শেখ "shekha" → "shekh", but মিত্র "mitra" stays), then
    medial V C a C V ("rahamAn" → "rahmAn"). Works on ITRANS, where a lone `a` is the schwa."""
    if len(word) > 3 and word.endswith("a") and word[-2] != "a":
        stem = word[:-1]
        match = _ONE_CONSONANT.search(stem)
        if match and match.start() > 0 and stem[match.start() - 1] in _ITRANS_VOWELS:
            word = stem
    return _SCHWA_MEDIAL.sub("", word, count=1)


@lru_cache(maxsize=200_000)
def to_latin(text: str) -> str:
    """Latin letters for a name in any script (lower case, no diacritics)."""
    text = unicodedata.normalize("NFC", text)
    script = detect_script(text)
    if script in ("bengali", "devanagari"):
        from indic_transliteration import sanscript

        # The Bengali visarga used as an abbreviation mark (মোঃ = Md.) becomes a dot. Bengali য়
        # and ড়/ঢ় are a letter and a nukta after NFC, and ITRANS leaves the nukta between the
        # letter and its vowel sign (আয়েশা → "Aya়eshA"): spell them as the letters they sound
        # like (য় "y", ড়/ঢ় "r": বাড়ৈ = Baroi) before transliterating.
        text = text.replace("ঃ", ".").replace("ः", ".")
        text = text.replace("\u09af\u09bc", "\u09af").replace("\u09a1\u09bc", "\u09b0")
        text = text.replace("\u09a2\u09bc", "\u09b0")
        scheme = sanscript.BENGALI if script == "bengali" else sanscript.DEVANAGARI
        itrans = sanscript.transliterate(text, scheme, sanscript.ITRANS).replace("\u09bc", "")
        itrans = itrans.replace("\u093c", "")
        itrans = itrans.replace("aa", "A").replace(".N", "n").replace(".n", "n").replace("M", "n")
        itrans = itrans.replace("^", "").replace("~N", "n").replace("~n", "n").replace("x", "ksh")
        words = re.split(r"([^A-Za-z~]+)", itrans)
        text = "".join(_delete_schwa(w) if w and w[0].isalpha() else w for w in words)
        text = text.replace("RRi", "ri").replace("RRI", "ri").replace("LLi", "li")
        return text.lower()
    if script == "latin":
        decomposed = unicodedata.normalize("NFKD", text)
        ascii_text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
        if ascii_text.isascii():
            return ascii_text.lower()
    from anyascii import anyascii

    return str(anyascii(text)).lower()


TITLES = frozenset(
    "mr mrs ms miss mister dr prof sir madam sri shri shree sree srimati shrimati smt kumari km "
    "janab jnab haji hajee alhaj alhajj late engr adv advocate begum "
    # Mosammat, the Bangladeshi "Mrs./Ms.": Mst., and মোছাঃ / মোছাম্মৎ / মোসাম্মৎ transliterated
    "mst mosammat mossammat mosammet mosamat mochammat mocha".split()
)
# Spellings of one name → one form.
ALIASES: dict[str, str] = {
    **dict.fromkeys(
        "md mohd mhd muhd mohamad mohammad mohammed mohamed muhammad muhammed muhamad mohammod "
        "muhammod mohummad mohd mohmmad mohammd mohamod mahammad moh mo".split(),
        "mohammad",
    ),
    **dict.fromkeys("sk shk sheikh shaikh shekh seikh".split(), "sheikh"),
    **dict.fromkeys(
        "chy chowdhury choudhury chowdhuri choudhuri chaudhuri chaudhury chaudhary "
        "choudhary chowdhary chaudhari".split(),
        "chowdhury",
    ),
    **dict.fromkeys("kr kumar".split(), "kumar"),
    **dict.fromkeys("pd prasad prashad".split(), "prasad"),
    **dict.fromkeys("abd abdul abdool".split(), "abdul"),
    **dict.fromkeys("syed sayed saiyed sayyid sayeed syeed".split(), "syed"),
}
_MOHAMMAD = re.compile(r"^m[aou]h+[aeou]m+[aeou]?[dt]$")
_TOKEN = re.compile(r"[a-z]+")


@lru_cache(maxsize=200_000)
def tokens(name: str) -> tuple[str, ...]:
    """Lower-case Latin tokens of a name, titles removed, abbreviations expanded."""
    out: list[str] = []
    for token in _TOKEN.findall(to_latin(name)):
        if token in TITLES:
            continue
        alias = ALIASES.get(token)
        if alias is None and _MOHAMMAD.match(token):
            alias = "mohammad"
        out.append(alias or token)
    return tuple(out)


# Nicknames (English given names: Bob/Robert, Bill/William, Peggy/Margaret, Liz/Elizabeth), from
# the `nicknames` package's hand-curated table (Apache-2.0). Two tokens agree when one is listed
# as the other's nickname: one step, never through a third name. Two nicknames of one formal name
# are often two people's own names (Mary and Rose, both of Rosemary; Lina and Polly, of Paulina),
# and a chain would join names nobody shortens to each other (Ronald … Ron … Veronica). Keyed by
# the Latin token, not the folded one: folding w/v/b and the like would join names (Ben/"wen").
_NO_NAMES: frozenset[str] = frozenset()


@lru_cache(maxsize=1)
def _nickname_table() -> dict[str, frozenset[str]]:
    from nicknames import NickNamer

    related: dict[str, set[str]] = {}
    for formal, nicks in NickNamer.default_lookup().items():
        for nick in nicks:
            # Only plain one-word names: "l.b." and the like are initials, and our own aliases
            # (Md., Mo …) and titles mean something else here.
            if all(_TOKEN.fullmatch(n) and n not in ALIASES and n not in TITLES for n in (formal, nick)):
                related.setdefault(formal, set()).add(nick)
                related.setdefault(nick, set()).add(formal)
    return {name: frozenset(others) for name, others in related.items()}


def nickname_relations(token: str) -> frozenset[str]:
    """The names a Latin token (as `tokens` gives it) is a nickname of, and its nicknames; empty
    for a name the table does not know. The table is built once, on the first call (~20 ms)."""
    return _nickname_table().get(token, _NO_NAMES)


def nicknames_agree(first: str, second: str) -> bool:
    """True when one Latin token is listed as the other's nickname ("bob"/"robert",
    "peggy"/"margaret"), whichever way round."""
    return second in nickname_relations(first)


# Spelling classes, applied in order to one token.
_FOLDS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), repl)
    for pattern, repl in (
        (r"chh|ch", "C"),  # ch and chh are one sound; plain c is k (or s, rarely in names)
        (r"ck|q|c", "k"),
        (r"x", "ks"),
        (r"ph", "f"),
        (r"sh|ss", "s"),
        (r"([kgjtdbrC])h", r"\1"),  # aspirates
        (r"(ou|au|ow(?![aeiou])|aw(?![aeiou]))", "o"),
        (r"w", "v"),
        (r"v", "b"),
        (r"z", "j"),
        (r"y$", "i"),
        # ay/ey before a vowel is a vowel and a y (Ayesha = a-ye-sha), not one vowel.
        (r"(ai|ay|ei|ey)(?![aeiou])", "e"),
        (r"(ee|ii|ie|iy)", "i"),
        (r"(oo|uu)", "u"),
        (r"aa", "a"),
        (r"(?<=[aeiou])h$", ""),
        (r"(.)\1+", r"\1"),  # double letters
    )
)


@lru_cache(maxsize=200_000)
def fold(token: str) -> str:
    """One token with its spelling classes folded ("chowdhury" → "Codur i"-like key)."""
    for pattern, repl in _FOLDS:
        token = pattern.sub(repl, token)
    return token.replace("C", "c")


_VOWELS = re.compile(r"[aeiouy]")


def skeleton_of(folded_token: str) -> str:
    """The first letter, then the consonants; a first vowel, whichever, is written "a": a
    name's first vowel is what romanisations disagree on most (Ayesha/Aisha/Eesha,
    Osman/Usman, Iqbal/Ekbal, আয়েশা/आयशा)."""
    if not folded_token:
        return ""
    first = "a" if folded_token[0] in "aeiou" else folded_token[0]
    return first + _VOWELS.sub("", folded_token[1:])


@dataclass(frozen=True)
class NameKeys:
    latin: str  # transliterated, titles dropped, aliases expanded: "mohammad rahman"
    folded: str  # spelling classes folded: "mohamad rahman"
    skeleton: str  # "mhmd rhmn"
    phonetic: str  # Metaphone of each folded token: "MHMT RHMN"
    script: Script


@lru_cache(maxsize=200_000)
def keys(name: str | None) -> NameKeys:
    """Every key of one name (empty strings for no name)."""
    if not name:
        return NameKeys("", "", "", "", "none")
    import jellyfish

    toks = tokens(name)
    folded = [fold(t) for t in toks]
    return NameKeys(
        latin=" ".join(toks),
        folded=" ".join(folded),
        skeleton=" ".join(skeleton_of(f) for f in folded),
        phonetic=" ".join(jellyfish.metaphone(f) for f in folded if f),
        script=detect_script(name),
    )


def match_key(name: str | None) -> str:
    """The key two spellings of one name share (the folded form): "Md. Rahman",
    "Mohammad Rahman" and "মোহাম্মদ রহমান" all give "mohamad rahman"."""
    return keys(name).folded
