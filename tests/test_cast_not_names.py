"""Words that look like names and are not: an interjection that opens lines of dialogue, and a place
that happens to follow a given name once.

Every snippet here is written for these tests.
"""

from __future__ import annotations

from tests.test_cast import cast_of

INTERJECTION = """\
Brannock Tull came into the kitchen with mud to his knees. Ysolde looked up from the dough.

"Oh, not again," said Ysolde. "Oh, look at the floor."

"Oh, it will dry," said Brannock. He sat down by the fire.

"Oh, you think so? Oh, Brannock, you never learn."

Brannock grinned at her. "Oh, I learn. I just forget."

Ysolde threw a towel at him. "Oh, take your boots off at least."

"Oh, fine," he said, and did.
"""


def test_an_interjection_opening_lines_is_no_character() -> None:
    c = cast_of(INTERJECTION)
    assert not any("Oh" in ch.aliases for ch in c.characters)
    assert c.alias_of("Brannock") is not None and c.alias_of("Ysolde") is not None


LOST_DASH = """\
Corwen Hale sat by the window. "Was it you, Corwen?" asked Fenna.

"You cannot think   surely it could not have been Tamsin   Oh, no, that could not be!" said Corwen.

"Tamsin was out," said Fenna. Tamsin came in then and shook the rain from her hood.

"I was at the mill," said Tamsin. "Ask anyone."
"""


def test_a_name_does_not_run_on_into_the_next_phrase() -> None:
    c = cast_of(LOST_DASH)
    tamsin = c.alias_of("Tamsin")
    assert tamsin is not None and not any("Oh" in a for a in tamsin.aliases)


PLACE_AFTER_NAME = """\
Wilhelmina Drax went down to Quarrow in the spring. At Quarrow the wind never stopped.

"It is a grey place," said Wilhelmina. "Quarrow suits nobody."

Her brother Piet wrote to her at Quarrow every week. "Come home," he wrote.

"Not yet," said Wilhelmina to the postman, who had come from Quarrow station.

But on Wilhelmina Quarrow was to leave a mark she did not expect.

"I shall miss it," Wilhelmina told Piet when she came home from Quarrow at last.

"Quarrow?" said Piet. "Nobody misses Quarrow."

In the autumn she went back to Quarrow. Wilhelmina wrote that the sea at Quarrow was wild.
"""


def test_a_place_once_after_a_given_name_is_not_her_surname() -> None:
    c = cast_of(PLACE_AFTER_NAME)
    w = c.alias_of("Wilhelmina")
    assert w is not None
    assert not any("Quarrow" in a for ch in c.characters for a in ch.aliases)
