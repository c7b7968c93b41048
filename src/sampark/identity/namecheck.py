"""Whether two names can be one person's, for the phone-only join on arrival.

A phone is often a household's or a shop's: two people of one family share it. So a record that
shares nothing but a phone with a person joins that person only when the names do not plainly
differ. "Plainly" is lenient on purpose (a wrong split costs a review, the probabilistic pass
still sees both): names compare as transliterated, spelling-folded tokens
(`resolution.names`), so Bengali or Devanagari script and Latin, Md./Mohammad,
Chowdhury/Choudhury agree; a token matches another when they fold alike, share a consonant
skeleton, one is the other's nickname (Bob/Robert, Bill/William, Peggy/Margaret: the
`nicknames` package's table, `names.nicknames_agree`), one is the other's initial or a
nickname-like prefix (three letters or more), or they are one typo apart (two in long tokens). The names agree when every token of the shorter name
matches a token of the longer one, in any order ("Rahman Md." = "Md. Abdur Rahman")."""

from __future__ import annotations

from functools import lru_cache

from sampark.resolution import names

# A nickname-like prefix: "Sam" of "Samir", "Raj" of "Rajesh".
_PREFIX = 3
# One typo (a letter dropped, added, changed or two swapped) in tokens at least this long,
# past the first letter: "Rhul"/"Rahul", "Kaim"/"Karim", "Ayseha"/"Ayesha"; not "Rina"/"Mina".
_TYPO_MIN = 4
_TWO_TYPOS_MIN = 6  # two edits from this length: a typo on top of a transliteration's spelling

Token = tuple[str, str]  # (Latin, folded)


@lru_cache(maxsize=100_000)
def _tokens(name: str) -> tuple[Token, ...]:
    latin = names.tokens(name)
    return tuple((t, names.fold(t)) for t in latin if names.fold(t))


@lru_cache(maxsize=200_000)
def _token_match(a: Token, b: Token) -> bool:
    (la, fa), (lb, fb) = a, b
    if fa == fb or names.nicknames_agree(la, lb):
        return True
    ska, skb = names.skeleton_of(fa), names.skeleton_of(fb)
    if len(fa) == 1 or len(fb) == 1:  # an initial: the first letter (any vowel is "a")
        return ska[0] == skb[0]
    if ska == skb:
        return True
    short, long = (fa, fb) if len(fa) <= len(fb) else (fb, fa)
    if len(short) >= _PREFIX and long.startswith(short):
        return True
    if ska[0] != skb[0] or min(len(la), len(lb)) < _TYPO_MIN:
        return False
    import jellyfish

    # Two edits in long tokens: a typo on top of a transliteration's own spelling.
    allowed = 2 if min(len(la), len(lb)) >= _TWO_TYPOS_MIN else 1
    return (
        jellyfish.damerau_levenshtein_distance(la, lb) <= allowed
        or jellyfish.damerau_levenshtein_distance(fa, fb) <= allowed
    )


def _contained(short: tuple[Token, ...], long: tuple[Token, ...]) -> bool:
    return all(any(_token_match(s, t) for t in long) for s in short)


@lru_cache(maxsize=100_000)
def compatible(first: str | None, second: str | None) -> bool:
    """False only when both names are known and plainly differ (an e-mail or a number standing
    in for a name is not a name)."""
    a, b = _name_tokens(first), _name_tokens(second)
    if not a or not b:
        return True
    if len(a) > len(b):
        a, b = b, a
    return _contained(a, b) or (len(a) == len(b) and _contained(b, a))


def _name_tokens(name: str | None) -> tuple[Token, ...]:
    if not name or "@" in name:
        return ()
    return _tokens(name)
