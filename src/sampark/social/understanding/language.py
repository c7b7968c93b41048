"""Language form: script first, then — for Latin-script posts — English or romanised
Bengali (Banglish) or romanised Hindi (Hinglish), from weighted marker words.

Off-the-shelf detectors call Hinglish "English" and Banglish anything at all, because the
words that give them away are short function words (ami, kemon, hobe; hai, nahi, kya) that
a character model trained on native-script text has never seen spelt in Latin letters.
"""

from __future__ import annotations

from sampark.social.understanding.lexicon import markers
from sampark.social.understanding.text import CLAUSE_BREAK, script_counts
from sampark.social.understanding.types import Language

# English function words: evidence *against* a romanised reading of a Latin post.
_ENGLISH = frozenset(
    "the a an is are was were be been am i you he she it we they my your our their this that "
    "these those of in on at for with from by and or not no but have has had do does did will "
    "would can could should please thanks thank what when where why how which who there here "
    "very just still get got been any some all me us him her them its if so than then".split()
)


def detect(text: str, toks: list[str]) -> tuple[Language, float]:
    """(form, confidence 0…1) for a post; `toks` are its tokens (see text.tokens)."""
    bengali, devanagari, latin = script_counts(text)
    letters = bengali + devanagari + latin
    if letters == 0:
        return "other", 1.0
    # Native script wins when it carries a fair share of the letters: a Bengali post with a
    # few Latin product names ("আমার order টা আসেনি") is still Bengali.
    if bengali and bengali >= devanagari and bengali >= 0.25 * letters:
        return "bn", min(1.0, 0.5 + bengali / letters)
    if devanagari and devanagari >= 0.25 * letters:
        return "hi", min(1.0, 0.5 + devanagari / letters)
    if latin < 0.5 * letters:
        return "other", 0.5
    table = markers()
    bn = hi = 0.0
    english = words = 0
    for tok in toks:
        if tok == CLAUSE_BREAK or not tok.isascii() or tok.isdigit():
            continue
        words += 1
        weights = table.get((tok,))
        if weights:
            bn += weights.get("bn-Latn", 0.0)
            hi += weights.get("hi-Latn", 0.0)
        elif tok in _ENGLISH:
            english += 1
    roman = max(bn, hi)
    # Code-mixing is the norm: a Hinglish post is often half English words, so a couple of
    # strong markers are enough, unless English function words clearly dominate.
    if (roman >= 1.5 and roman >= 0.2 * english) or (roman >= 1.0 and roman >= 0.5 * english):
        form: Language = "bn-Latn" if bn > hi else "hi-Latn"
        margin = abs(bn - hi) / (bn + hi)
        return form, round(min(1.0, 0.4 + 0.1 * roman) * (0.5 + 0.5 * margin), 3)
    if words == 0:
        return "other", 0.5
    return "en", round(min(1.0, 0.6 + 0.1 * english - 0.2 * roman), 3)
