"""The reader's keys for the learner's words: ``k`` known, ``l`` learning, ``i`` ignore, ``u``
undo, ``m`` mine the word into a card, ``K`` its kanji; and the panel's status, deinflection
and kanji lines. A mixin of ``ReaderScreen`` (it uses the screen's units, cursor and lookup)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import work

from bireader.errors import BireaderError

if TYPE_CHECKING:
    from bireader.model import Unit


class LearnerKeys:
    """Marking, mining and the kanji view, for ``ReaderScreen``."""

    # --- the learner's words: k l i u, m, K ---------------------------------------------

    def action_mark(self, status: str) -> None:
        info = self.lookup
        if info is None or info.entry is None:
            self.app.notify("Move the cursor to a dictionary word first.", severity="warning")
            return
        from bireader.words import word_key

        entry = info.entry
        self.save_mark(word_key(entry), entry.readings[0] if entry.readings else "", status)

    @work(thread=True, group="words", exclusive=False)
    def save_mark(self, key: tuple[int, str], reading: str, status: str, *, undoing: bool = False) -> None:
        from bireader.words import open_words

        try:
            with open_words() as store:
                before = store.status(*key)
                store.set_status([(key[0], key[1], reading)], status, by="user", document=self._document_name())
        except BireaderError as err:
            self.app.call_from_thread(self.app.notify, err.message, severity="error", timeout=8)
            return
        if not undoing:
            self._undo.append((key, reading, before))
        shown = {"ignored": "ignored (never glossed)", "new": "new again"}.get(status, status)
        self.app.call_from_thread(self.app.notify, f"{key[1]}: {shown}", timeout=2)
        self.app.call_from_thread(self._words_changed, {key})

    def action_undo_mark(self) -> None:
        if not self._undo:
            self.app.notify("Nothing to undo.", severity="warning")
            return
        key, reading, before = self._undo.pop()
        self.save_mark(key, reading, before, undoing=True)

    def _words_changed(self, keys: set) -> None:
        """After a mark: restyle the units held that have those words and, showing only unknown
        words, redo their vocabulary lines (a word marked known leaves every panel)."""
        from bireader.annotate import word_statuses

        word_statuses.refresh()
        statuses = word_statuses.get()
        touched = [
            state
            for state in self.source.held()
            if state.notes is not None and {key for _s, _e, key in state.notes.words} & keys
        ]
        for state in touched:
            self.apply_statuses(state, statuses)
        if self.app.vocab == "unknown" and touched:
            self.refill(touched)
        else:
            self.view.invalidate()
        if self.lookup is not None and self.unit >= 0:
            self.move_to(self.unit, self.token, scroll=False)

    def _document_name(self) -> str:
        doc = self.app.reading.ja
        return str(doc.path or doc.title or "")

    def action_mine(self) -> None:
        info = self.lookup
        if info is None or info.entry is None:
            self.app.notify("Move the cursor to a dictionary word first.", severity="warning")
            return
        unit = self.state(info.unit).unit
        if unit is None:
            self.app.notify("This unit's English is still being made; try again in a moment.", severity="warning")
            return
        self.mine_word(info, unit)

    @work(thread=True, group="mine")
    def mine_word(self, info, unit: Unit) -> None:
        from bireader.deck import mine
        from bireader.words import word_key

        from bireader.render import display_text

        sentence, span = sentence_around(display_text(unit.ja), info.span)
        doc = self.app.reading.ja
        try:
            card, is_new = mine(
                info.entry,
                surface=sentence[span[0]:span[1]],
                sentence=sentence,
                word_span=span,
                english=display_text(unit.en),
                english_source="gloss" if unit.source == "gloss" else (unit.source or ""),
                document=doc.title or str(doc.path or ""),
                unit=unit.index + 1,
                document_path=str(doc.path or ""),
            )
        except BireaderError as err:
            self.app.call_from_thread(self.app.notify, err.message, severity="error", timeout=8)
            return
        what = "new card" if is_new else f"sentence {len(card.sentences)} of its card"
        self.app.call_from_thread(self.app.notify, f"Mined {card.headword}: {what}.", timeout=3)
        self.app.call_from_thread(self._words_changed, {word_key(info.entry)})

    def action_kanji(self) -> None:
        info = self.lookup
        word = info.entry.headword if info is not None and info.entry is not None else (info.word if info else "")
        from bireader.dictionary.kanji import is_kanji

        if not any(is_kanji(ch) for ch in word):
            self.app.notify("The word under the cursor has no kanji.", severity="warning")
            return
        from bireader.tui.reader.kanji import KanjiScreen

        self.app.push_screen(KanjiScreen(word))


def sentence_around(text: str, span: tuple[int, int]) -> tuple[str, tuple[int, int]]:
    """The sentence of ``text`` holding ``span``, and the span's offsets in it."""
    from bireader.document import split_sentences_ja

    for start, end in split_sentences_ja(text):
        if start <= span[0] < end:
            return text[start:end], (span[0] - start, min(span[1], end) - start)
    return text, span


def word_panel_lines(surface: str, entries, entry) -> Text | None:
    """What the panel shows after the entries: the word's status and how the form deinflects,
    then one line per kanji of the word."""
    from bireader.annotate import word_statuses
    from bireader.dictionary import deinflection_line, lookup
    from bireader.render import display_text

    if entry is None:
        return None
    from bireader.words import word_key

    status = word_statuses.get().get(word_key(entry), "new")
    head = Text("\n")
    head.append(f"[{status}] ", style="bold" if status == "new" else "dim")
    chain = ""
    for candidate in lookup(surface)[:3]:
        if candidate.entry_id == entry.entry_id and candidate.deinflection:
            chain = deinflection_line(candidate, surface)
            break
    if chain:
        head.append(display_text(chain), style="cyan")
    tail = Text()
    try:
        from bireader.dictionary.kanji import kanji_line, lookup_kanji

        for k in lookup_kanji(entry.headword)[:4]:
            tail.append("\n")
            tail.append(display_text(kanji_line(k)), style="dim")
    except BireaderError:
        pass
    return head + tail
