"""The reader's keys for the learner's words (k l i u), mining (m) and the kanji view (K), with Pilot."""

from __future__ import annotations

from test_tui import SIZE, lookup_panel, run_async, settle, shown_text, small_reading, state

from bireader.deck import open_deck
from bireader.render import vocab_items
from bireader.tui.reader import ReaderApp
from bireader.tui.reader.kanji import KanjiScreen
from bireader.words import open_words


def stored():
    with open_words() as store:
        return {key[1]: status for key, status in store.statuses().items()}


def highlighted(screen, row: int) -> dict[str, str]:
    unit = state(screen, row)
    return {unit.ja[s:e]: status for s, e, status in unit.statuses}


def vocab_line(screen, row: int) -> str:
    return " · ".join(item.plain for item in vocab_items(state(screen, row).notes))


@run_async
async def test_k_marks_known_and_the_word_leaves_other_panels(real_dictionary):
    app = ReaderApp(small_reading(), vocab="unknown")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert highlighted(screen, 0)["ロシア"] == "new"
        assert "ロシア" in vocab_line(screen, 0)
        await pilot.press("k")  # the cursor is on ロシア
        await settle(app, pilot)
        assert stored() == {"ロシア": "known"}
        assert "ロシア" not in highlighted(screen, 0)
        assert "ロシア" not in vocab_line(screen, 0)
        assert "[known]" in lookup_panel(screen)
        await pilot.press("u")  # undo: new again
        await settle(app, pilot)
        assert stored().get("ロシア", "new") == "new"
        assert highlighted(screen, 0)["ロシア"] == "new"


@run_async
async def test_l_underlines_and_i_ignores(real_dictionary):
    app = ReaderApp(small_reading())
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = app.screen
        await pilot.press("down")  # unit 2 starts with 報告書
        await settle(app, pilot)
        await pilot.press("l")
        await settle(app, pilot)
        assert stored() == {"報告書": "learning"}
        assert highlighted(screen, 1)["報告書"] == "learning"
        await pilot.press("i")
        await settle(app, pilot)
        assert stored() == {"報告書": "ignored"} and "報告書" not in highlighted(screen, 1)


@run_async
async def test_no_color_marks_unknown_words_with_a_sign(real_dictionary, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    app = ReaderApp(small_reading())
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert "ロシア°" in shown_text(app.screen)


@run_async
async def test_m_mines_the_word_with_its_sentence_and_english(real_dictionary):
    app = ReaderApp(small_reading())
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("right", "right", "right")  # 抑止, in the compound 核抑止力
        await settle(app, pilot)
        await pilot.press("m")
        await settle(app, pilot)
        await pilot.press("m")  # the same word again: one card
        await settle(app, pilot)
    with open_deck() as deck:
        cards = deck.cards()
    assert len(cards) == 1
    card = cards[0]
    assert card.headword == "核抑止力"
    sentence = card.sentences[0]
    assert sentence.text == "ロシアは核抑止力を視野に入れている。"
    assert sentence.text[sentence.word_start:sentence.word_end] == "核抑止力"
    assert sentence.english == "Russia is looking to nuclear deterrence."
    assert stored() == {"核抑止力": "learning"}


@run_async
async def test_K_opens_the_kanji_view(real_dictionary):
    app = ReaderApp(small_reading())
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("right", "right", "right")
        await settle(app, pilot)
        panel = lookup_panel(app.screen)
        assert "抑 ヨク おさ.える" in panel  # one line a kanji in the panel
        await pilot.press("K")
        await settle(app, pilot)
        assert isinstance(app.screen, KanjiScreen)
        text = str(app.screen.query_one("#kanji-text").render())
        assert "ヨク" in text and "7 strokes" in text and "old JLPT 1" in text
        await pilot.press("escape")
        await settle(app, pilot)
        assert not isinstance(app.screen, KanjiScreen)
