"""A name form that fits two characters ("Tamsin" for Tamsin Thorne and Miss Tamsin Varrow, "Hal" for Hal
Brook and Hal Venn), resolved mention by mention in ``characters.assign`` (names invented for these
tests)."""

from __future__ import annotations

from fabula.cast.characters import RECENT, assign
from fabula.cast.forms import form_key
from fabula.cast.working import _Cluster, _Occ


def _occ(start: int, *tokens: str, title: str | None = None) -> _Occ:
    return _Occ(start, start + 5, title, tuple(tokens), " ".join(tokens), in_quote=False)


def _person(first: str, last: str, count: int) -> _Cluster:
    return _Cluster(firsts={first.casefold()}, lasts={last.casefold()}, count=count)


def _owners(occs, form_cluster, ambiguous) -> dict[int, _Cluster]:
    return {o.start: c for o, c in assign(occs, form_cluster, ambiguous)}


def test_a_shared_given_name_goes_to_the_one_lately_named_by_it_not_the_one_lately_named_at_all():
    # "Tamsin Thorne" ... "Miss Varrow" (once "Miss Tamsin Varrow") ... "Tamsin": Tamsin Thorne, though her aunt
    # was named since
    thorne, varrow = _person("Tamsin", "Thorne", 20), _person("Tamsin", "Varrow", 40)
    occs = [_occ(0, "Tamsin", "Varrow", title="Miss"), _occ(10_000, "Tamsin", "Thorne"), _occ(10_500, "Varrow", title="Miss"),
            _occ(11_000, "Tamsin")]
    fc = {form_key(occs[0]): varrow, form_key(occs[1]): thorne, form_key(occs[2]): varrow}
    got = _owners(occs, fc, {form_key(occs[3]): [thorne, varrow]})
    assert got[11_000] is thorne


def test_a_shared_name_no_one_bore_lately_goes_to_the_one_who_carries_it_far_more_often():
    # Tamsin Thorne is "Tamsin Thorne" six times, Miss Varrow "Miss Tamsin Varrow" once: a "Tamsin" with neither
    # named by it lately is Tamsin Thorne, though Miss Varrow is mentioned more and was mentioned last
    thorne, varrow = _person("Tamsin", "Thorne", 6), _person("Tamsin", "Varrow", 40)
    occs = [_occ(0, "Tamsin", "Varrow", title="Miss")] + [_occ(100 * k, "Tamsin", "Thorne") for k in range(1, 7)]
    far = 100_000
    occs += [_occ(far - 200, "Varrow", title="Miss"), _occ(far, "Tamsin")]
    fc = {form_key(occs[0]): varrow, form_key(occs[1]): thorne, form_key(occs[-2]): varrow}
    got = _owners(occs, fc, {form_key(occs[-1]): [thorne, varrow]})
    assert got[far] is thorne


def test_a_shared_given_name_goes_to_the_one_whose_family_was_lately_named():
    # Hal Brook and Hal Venn, each named in full twice; "Mrs. Brook" just before "Hal": Hal Brook
    brook, venn, mrs_brook = _person("Hal", "Brook", 2), _person("Hal", "Venn", 9), _Cluster(lasts={"brook"}, count=5)
    occs = [_occ(0, "Hal", "Brook"), _occ(100, "Hal", "Brook"), _occ(200, "Hal", "Venn"), _occ(300, "Hal", "Venn")]
    at = 50_000
    occs += [_occ(at - 300, "Brook", title="Mrs"), _occ(at, "Hal")]
    fc = {form_key(occs[0]): brook, form_key(occs[2]): venn, form_key(occs[-2]): mrs_brook}
    got = _owners(occs, fc, {form_key(occs[-1]): [brook, venn]})
    assert got[at] is brook


def test_with_nothing_lately_said_a_shared_name_goes_to_the_most_frequent_holder():
    brook, venn = _person("Hal", "Brook", 2), _person("Hal", "Venn", 9)
    occs = [_occ(0, "Hal", "Brook"), _occ(100, "Hal", "Venn"), _occ(10 * RECENT, "Hal")]
    fc = {form_key(occs[0]): brook, form_key(occs[1]): venn}
    got = _owners(occs, fc, {form_key(occs[-1]): [brook, venn]})
    assert got[10 * RECENT] is venn


def test_a_chain_of_the_shared_name_stays_with_its_holder():
    # "Hal Brook" then "Hal" ... "Hal" ... each within reach of the last: all Hal Brook
    brook, venn = _person("Hal", "Brook", 2), _person("Hal", "Venn", 9)
    step = RECENT // 2
    occs = [_occ(0, "Hal", "Venn"), _occ(5 * RECENT, "Hal", "Brook")]
    occs += [_occ(5 * RECENT + step * k, "Hal") for k in range(1, 5)]
    fc = {form_key(occs[0]): venn, form_key(occs[1]): brook}
    got = _owners(occs, fc, {form_key(occs[-1]): [brook, venn]})
    assert all(got[o.start] is brook for o in occs[2:])


AUNT_AND_NIECE = """\
Tamsin Thorne came down to breakfast late, as she always did. Her aunt, Miss Tamsin Varrow, had already poured the tea.

"You slept well, I hope," said Miss Varrow. "I never sleep at all."

Miss Varrow talked of the weather, of the vicar, of the price of candles. Miss Varrow talked of everything.

Miss Varrow said the post was late. Miss Varrow said the kettle was cold. Miss Varrow went to find the cook.

Tamsin Thorne said nothing. Tamsin Thorne was thinking of the letter in her pocket.

"Are you listening, child?" asked Miss Varrow.

"Yes, aunt," said Tamsin.
"""


def test_the_niece_named_by_her_given_name_is_not_the_aunt_who_spoke_last():
    from test_cast import cast_of, who

    c = cast_of(AUNT_AND_NIECE)
    assert who(c, "Tamsin") is who(c, "Tamsin Thorne")
    assert who(c, "Tamsin") is not who(c, "Miss Varrow")


def test_a_shared_name_no_one_bore_lately_goes_to_the_one_it_has_meant_so_far():
    # "Hal" meant Hal Brook three times (each just after "Mrs. Brook"); far from any of them, a bare
    # "Hal" is Hal Brook again, though Hal Venn is mentioned more
    brook, venn, mrs_brook = _person("Hal", "Brook", 2), _person("Hal", "Venn", 9), _Cluster(lasts={"brook"}, count=5)
    occs = [_occ(0, "Hal", "Brook"), _occ(100, "Hal", "Venn")]
    for k in range(1, 4):
        occs += [_occ(k * 10 * RECENT - 100, "Brook", title="Mrs"), _occ(k * 10 * RECENT, "Hal")]
    occs.append(_occ(50 * RECENT, "Hal"))
    fc = {form_key(occs[0]): brook, form_key(occs[1]): venn, form_key(occs[2]): mrs_brook}
    got = _owners(occs, fc, {form_key(occs[-1]): [brook, venn]})
    assert [got[k * 10 * RECENT] for k in range(1, 4)] == [brook] * 3
    assert got[50 * RECENT] is brook
