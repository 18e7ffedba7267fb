"""Name forms: the occurrences of one (title, tokens) or one epithet summed over the story, and the
forms that are places rather than people."""

from __future__ import annotations

from fabula.cast.working import _Form, _Occ


def form_key(o: _Occ) -> tuple:
    """The form an occurrence belongs to: ("the", epithet) or (title, tokens)."""
    return ("the", o.epithet) if o.epithet else (o.title, o.tokens)


def build_forms(occs: list[_Occ]) -> dict[tuple, _Form]:
    forms: dict[tuple, _Form] = {}
    for o in occs:
        key = form_key(o)
        f = forms.get(key)
        if f is None:
            f = forms[key] = _Form(key, o.title, o.tokens, epithet=bool(o.epithet))
        f.count += 1
        f.speech += o.speech
        f.person += o.person
        f.loc += o.loc
        f.vocative += o.voc
        if o.pronoun:
            f.pronouns[o.pronoun] += 1
        if not o.in_quote:
            f.narration += 1
    return forms


_PLACE_SHARE = 0.3  # of a word's uses after a place preposition, for a run seen once to end in a place


def drop_places(s: str, forms: dict[tuple, _Form], occs: list[_Occ]) -> list[_Occ]:
    """A form used like a place ("at Brackwater", "to Fennel Lodge") is not a name, and a name run that
    ends in one ("Tamsin Brackwater": a line break between two sentences' words) is its first name.
    Edits ``forms`` in place; returns the occurrences that stay."""
    placey = {k for k, f in forms.items() if not f.epithet and f.title is None and f.loc >= 0.5 * f.count
              and f.speech == 0 and f.vocative < 1 and f.person <= 0.1 * f.count}
    # a place-like word that is no person's surname: used after "at/to/in" a third of the time, never
    # in a speech tag or in address; a run seen once that ends in it, after a name the story uses
    # alone, is two words that touch ("But on Tamsin Brackwater was to fall ...")
    half = {k[1][0] for k, f in forms.items() if not f.epithet and f.title is None and len(k[1]) == 1
            and f.loc >= _PLACE_SHARE * f.count and f.speech == 0 and f.vocative < 1
            and f.person <= 0.1 * f.count}
    for k in placey:
        del forms[k]
    occs = [o for o in occs if o.epithet or (o.title, o.tokens) not in placey]
    if placey or half:
        place_tokens = {k[1][-1] for k in placey if len(k[1]) == 1}
        for o in occs:
            if o.epithet or len(o.tokens) < 2 or o.title is not None:
                continue
            once = o.tokens[-1] in half and forms.get((None, o.tokens)) is not None \
                and forms[(None, o.tokens)].count == 1 and (None, o.tokens[:-1]) in forms
            if o.tokens[-1] in place_tokens or once:
                f = forms.pop((o.title, o.tokens), None)
                o.tokens = o.tokens[:-1]
                o.end = o.start + len(" ".join(o.tokens))
                o.surface = s[o.start:o.end]
                key = (o.title, o.tokens)
                if key not in forms and f is not None:
                    forms[key] = f
                    f.key, f.tokens = key, o.tokens
                elif f is not None:
                    forms[key].count += f.count
    return occs
