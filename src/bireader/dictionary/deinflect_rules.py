"""The deinflection table: Japanese conjugation written as data, the way a grammar book lays it out.

How to read it:

- A **kind** is what a form is and how it conjugates on. The dictionary kinds are JMdict's
  classes (ichidan, godan by ending, kuru, suru, zuru, i-adjective, a noun taking する). The
  derived kinds are forms that conjugate again: a causative (食べさせる) conjugates as an
  ichidan verb, a -ない form as an i-adjective, -てしまう as a godan-u verb. ``FORM`` is a form
  that conjugates no further (te-form, past, volitional …).
- A **row** (``ROWS``) is one conjugation class: the ending its dictionary form drops and the
  endings of its stems and basic forms (masu-stem, te-form, passive …), as in a conjugation
  chart. ``like`` lists the kinds that conjugate with that row (CAUS, PASSIVE … use the ichidan row).
- A **rule** (``RULES``) says: this suffix after that stem of a row makes a form of kind
  ``makes``, for these reasons, from a base of the kinds in ``on``. Every row that has the stem
  and shares a kind with ``on`` gets the rule. ``EXTRA_RULES`` are whole-suffix rewrites that no
  row generates (ある → ない, the Kansai and colloquial sound changes).

Conditions, not special cases, keep out what grammar forbids: the causative takes only
dictionary verbs as its base, so 食べられさせる (causative after passive) finds nothing; the
passive takes a short causative only of godan verbs other than -す (``SCAUS_P``: 待たされる,
書かされる), never of ichidan or -す verbs (``SCAUS``: 食べさされる, 話さされる); -ます forms
are ``FORM`` and so never take -ます again.

Reasons are listed in the order the suffixes are added to the dictionary form (the order
``bireader lookup --json`` reports them in). The labels are issue 13's.
"""

from __future__ import annotations

from dataclasses import dataclass

_next_bit = iter(range(64))


def _kind() -> int:
    return 1 << next(_next_bit)


# --- kinds: dictionary classes (a JMdict part of speech maps onto one of these) ---------------
V1 = _kind()  # ichidan: 食べる, 見る
V5U = _kind()  # godan -う: 買う
V5U_S = _kind()  # godan -う, special: 問う, 請う (問うた, 問うて)
V5K = _kind()  # godan -く: 書く
V5K_S = _kind()  # 行く (行った, 行って)
V5G = _kind()  # godan -ぐ: 泳ぐ
V5S = _kind()  # godan -す: 話す
V5T = _kind()  # godan -つ: 待つ
V5N = _kind()  # godan -ぬ: 死ぬ
V5B = _kind()  # godan -ぶ: 遊ぶ
V5M = _kind()  # godan -む: 読む
V5R = _kind()  # godan -る: 作る
V5R_I = _kind()  # ある (negative ない)
V5ARU = _kind()  # いらっしゃる, くださる, なさる, おっしゃる, ござる (masu-stem and imperative in -い)
VK = _kind()  # 来る, くる, 來る
VS = _kind()  # する, 為る
VS_S = _kind()  # 愛する, 察する (also 愛さない, 愛せる)
VZ = _kind()  # 信ずる, 論ずる
ADJ = _kind()  # i-adjective: 高い
VS_NOUN = _kind()  # a noun that takes する: 勉強, 攻撃

# --- kinds: derived forms that conjugate on ---------------------------------------------------
CAUS = _kind()  # 食べさせる, 書かせる (ichidan)
SCAUS = _kind()  # short causative of ichidan, kuru, suru and -す verbs: 食べさす, 話さす (godan -す; no passive)
SCAUS_P = _kind()  # short causative of other godan verbs: 書かす, 待たす (godan -す; takes the passive)
PASSIVE = _kind()  # 書かれる, 食べられる (ichidan)
POTENTIAL = _kind()  # 書ける, 食べれる (ichidan)
PROG = _kind()  # -ている, -てる (ichidan)
PROG_R = _kind()  # -とる, -ておる (godan -る)
RESULT = _kind()  # -ておく, -とく (godan -く)
COMPL = _kind()  # -てしまう, -ちゃう, -ちまう (godan -う)
SUGIRU = _kind()  # -すぎる (ichidan)
GARU = _kind()  # -がる (godan -る)
TAGARU = _kind()  # -たがる (godan -る)
NEG = _kind()  # -ない (i-adjective)
TAI = _kind()  # -たい (i-adjective)
FORM = _kind()  # conjugates no further: te-form, past, conditional, volitional, imperative, -さ …

GODAN = V5U | V5U_S | V5K | V5K_S | V5G | V5S | V5T | V5N | V5B | V5M | V5R | V5R_I | V5ARU
LEXICAL_VERBS = GODAN | V1 | VK | VS | VS_S | VZ
LEXICAL = LEXICAL_VERBS | ADJ | VS_NOUN
DERIVED_VERBS = CAUS | SCAUS | SCAUS_P | PASSIVE | POTENTIAL | PROG | PROG_R | RESULT | COMPL | SUGIRU | GARU | TAGARU
VERBS = LEXICAL_VERBS | DERIVED_VERBS
ADJECTIVES = ADJ | NEG | TAI
ANY = (1 << next(_next_bit)) - 1  # every kind: what an unanalysed query may be

KIND_NAMES = {
    value: name
    for name, value in list(globals().items())
    if name.isupper() and isinstance(value, int) and value and not value & (value - 1) and name != "ANY"
}

# JMdict parts of speech (the short labels of ``build.short_pos``) → dictionary kind.
LEXICAL_POS = {
    "ichidan verb": V1,
    "Ichidan verb - kureru special class": V1,
    "godan verb (u)": V5U,
    "Godan verb with 'u' ending (special class)": V5U_S,
    "godan verb (ku)": V5K,
    "godan verb (iku)": V5K_S,
    "godan verb (gu)": V5G,
    "godan verb (su)": V5S,
    "godan verb (tsu)": V5T,
    "godan verb (nu)": V5N,
    "godan verb (bu)": V5B,
    "godan verb (mu)": V5M,
    "godan verb (ru)": V5R,
    "Godan verb with 'ru' ending (irregular verb)": V5R_I,
    "Godan verb - -aru special class": V5ARU,
    "kuru verb": VK,
    "suru verb (included)": VS,
    "suru verb (special)": VS_S,
    "zuru verb": VZ,
    "i-adjective": ADJ,
    "i-adjective (yoi/ii)": ADJ,  # only the よい spellings conjugate: see deinflect.lexical_kinds
    "suru verb": VS_NOUN,
}


# --- rows: the conjugation classes ------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One conjugation class: its dictionary ending and the endings of its stems and forms.

    Each field holds the spellings that replace ``ending`` (several where usage has several;
    empty where the class has no such form). ``kind`` is the dictionary class; ``like`` adds
    the derived kinds that conjugate the same way.
    """

    kind: int
    ending: str
    nai: tuple[str, ...] = ()  # negative stem before ない, ん, へん (未然形): 書か, 食べ, こ, し
    zu: tuple[str, ...] = ()  # negative stem before ず, ぬ: 書か, 食べ, こ, せ
    masu: tuple[str, ...] = ()  # masu-stem before ます (連用形): 書き, 食べ, き, し
    i: tuple[str, ...] = ()  # the same stem before たい, そう, すぎる, ながら, or alone
    te: tuple[str, ...] = ()  # te-form: 書いて, 食べて, きて, して
    ta: tuple[str, ...] = ()  # past: 書いた, 食べた
    ba: tuple[str, ...] = ()  # conditional stem before ば (仮定形): 書け, 食べれ, くれ, すれ
    ya: tuple[str, ...] = ()  # contracted conditional: 書きゃ, 食べりゃ
    imperative: tuple[str, ...] = ()  # 書け, 食べろ, こい, しろ
    volitional: tuple[str, ...] = ()  # 書こう, 食べよう, こよう, しよう
    passive: tuple[str, ...] = ()  # 書かれる, 食べられる, こられる, される
    causative: tuple[str, ...] = ()  # 書かせる, 食べさせる, こさせる, させる
    short_causative: tuple[str, ...] = ()  # 書かす, 食べさす
    potential: tuple[str, ...] = ()  # 書ける; ichidan and kuru without ら: 食べれる, これる
    kansai_negative: tuple[str, ...] = ()  # 書かへん, 食べへん, けえへん, せえへん
    like: int = 0
    # A condition on the character before the inflected suffix: "ichidan" (the stem of an
    # ichidan verb ends in an i- or e-row kana or a kanji: 食べ, 起き, 見), or "" for none.
    after: str = ""

    @property
    def kinds(self) -> int:
        return self.kind | self.like

    @property
    def dictionary(self) -> tuple[str, ...]:
        """The dictionary form's own ending, for rules that attach to it (-なら, -な)."""
        return (self.ending,)


def _godan(kind: int, ending: str, a: str, i: str, e: str, o: str, te: str, ta: str, like: int = 0, **extra) -> Row:
    """A godan row from its five vowel stems and its te/ta endings, as the chart gives them."""
    fields = dict(
        nai=(a,), zu=(a,), masu=(i,), i=(i,), te=(te,), ta=(ta,), ba=(e,),
        # The contracted conditional: e-row + ば → i-row + ゃ (書けば → 書きゃ); -う verbs: 言えば → 言や.
        ya=(i + "ゃ" if i != "い" else "や",),
        imperative=(e,), volitional=(o + "う",), passive=(a + "れる",), causative=(a + "せる",),
        short_causative=(a + "す",), potential=(e + "る",), kansai_negative=(a + "へん",),
    )
    fields.update(extra)
    return Row(kind, ending, like=like, **fields)


ROWS: tuple[Row, ...] = (
    # Godan verbs:   dictionary ending, a-, i-, e-, o-stem, te-form, past.
    _godan(V5U, "う", "わ", "い", "え", "お", "って", "った", like=COMPL),
    _godan(V5U_S, "う", "わ", "い", "え", "お", "うて", "うた"),
    _godan(V5K, "く", "か", "き", "け", "こ", "いて", "いた", like=RESULT),
    _godan(V5K_S, "く", "か", "き", "け", "こ", "って", "った"),
    _godan(V5G, "ぐ", "が", "ぎ", "げ", "ご", "いで", "いだ"),
    _godan(V5S, "す", "さ", "し", "せ", "そ", "して", "した", like=SCAUS | SCAUS_P),
    _godan(V5T, "つ", "た", "ち", "て", "と", "って", "った"),
    _godan(V5N, "ぬ", "な", "に", "ね", "の", "んで", "んだ"),
    _godan(V5B, "ぶ", "ば", "び", "べ", "ぼ", "んで", "んだ"),
    _godan(V5M, "む", "ま", "み", "め", "も", "んで", "んだ"),
    _godan(V5R, "る", "ら", "り", "れ", "ろ", "って", "った", like=PROG_R | GARU | TAGARU),
    # ある: its negative is the adjective ない (EXTRA_RULES), never あらない; no potential.
    _godan(V5R_I, "る", "ら", "り", "れ", "ろ", "って", "った", nai=(), potential=(), kansai_negative=()),
    # なさる, いらっしゃる, くださる, おっしゃる, ござる: -ます and the imperative on an i-stem in い.
    _godan(V5ARU, "る", "ら", "り", "れ", "ろ", "って", "った", masu=("い",), imperative=("い",), potential=()),
    # Ichidan verbs, and the derived forms that conjugate like them.
    Row(
        V1, "る", nai=("",), zu=("",), masu=("",), i=("",), te=("て",), ta=("た",), ba=("れ",), ya=("りゃ",),
        imperative=("ろ", "よ"), volitional=("よう",), passive=("られる",), causative=("させる",),
        short_causative=("さす",), potential=("れる",), kansai_negative=("へん",),
        like=CAUS | PASSIVE | POTENTIAL | PROG | SUGIRU, after="ichidan",
    ),
    # 来る in kana and in its two kanji spellings.
    Row(
        VK, "くる", nai=("こ",), zu=("こ",), masu=("き",), i=("き",), te=("きて",), ta=("きた",), ba=("くれ",),
        ya=("くりゃ",), imperative=("こい",), volitional=("こよう",), passive=("こられる",),
        causative=("こさせる",), short_causative=("こさす",), potential=("これる",),
        kansai_negative=("こへん", "こおへん", "こーへん", "きいへん", "きーへん", "けえへん", "けーへん"),
    ),
    *(
        Row(
            VK, kanji + "る", nai=(kanji,), zu=(kanji,), masu=(kanji,), i=(kanji,), te=(kanji + "て",),
            ta=(kanji + "た",), ba=(kanji + "れ",), ya=(kanji + "りゃ",), imperative=(kanji + "い",),
            volitional=(kanji + "よう",), passive=(kanji + "られる",), causative=(kanji + "させる",),
            short_causative=(kanji + "さす",), potential=(kanji + "れる",), kansai_negative=(kanji + "へん",),
        )
        for kanji in ("来", "來")
    ),
    # する, and 為る (its kanji spelling, written 為 in every form).
    Row(
        VS, "する", nai=("し",), zu=("せ",), masu=("し",), i=("し",), te=("して",), ta=("した",), ba=("すれ",),
        ya=("すりゃ",), imperative=("しろ", "せよ"), volitional=("しよう",), passive=("される",),
        causative=("させる",), short_causative=("さす",),
        kansai_negative=("せえへん", "せーへん", "しいへん", "しーへん", "しやへん"),
    ),
    Row(
        VS, "為る", nai=("為",), zu=("為",), masu=("為",), i=("為",), te=("為て",), ta=("為た",), ba=("為れ",),
        imperative=("為ろ", "為よ"), volitional=("為よう",), passive=("為れる",), causative=("為せる",),
    ),
    # 愛する, 察する: する's forms, and the older godan -す ones beside them (愛さない, 愛せる).
    Row(
        VS_S, "する", nai=("さ", "し"), zu=("さ", "せ"), masu=("し",), i=("し",), te=("して",), ta=("した",),
        ba=("すれ", "せ"), imperative=("せよ", "しろ"), volitional=("しよう",), passive=("される",),
        causative=("させる",), potential=("せる",),
    ),
    # 信ずる, 論ずる: the じ forms of 信じる, and ぜ before ず and in the classical passive.
    Row(
        VZ, "ずる", nai=("じ",), zu=("ぜ",), masu=("じ",), i=("じ",), te=("じて",), ta=("じた",), ba=("ずれ",),
        imperative=("じろ", "ぜよ"), volitional=("じよう",), passive=("ぜられる", "じられる"),
        causative=("じさせる", "ぜさせる"),
    ),
)


# --- rules --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    """``suffix`` after stem ``stem`` (a Row field) makes a form of kind ``makes`` from a base of a kind in ``on``.

    For the contracted te-forms, ``te``/``de`` replace the final て/で of the te-form
    (書いて → 書いとく, 読んで → 読んどく) instead of ``suffix`` being added.
    """

    reasons: tuple[str, ...]
    stem: str
    suffix: str = ""
    makes: int = FORM
    on: int = VERBS
    te: str = ""
    de: str = ""
    # A dictionary kind: where the dictionary has the queried form itself as a word of this
    # kind, the word is the lexicalised form and this derivation is not offered (済ます is a verb
    # of its own, not only the short causative of 済む).
    yields_to: int = 0


# Which bases take which endings. The passive takes dictionary verbs, causatives, and the short
# causative of godan verbs other than -す; ある and the -aru honorifics have none.
_PASSIVE_ON = (LEXICAL_VERBS & ~(V5R_I | V5ARU)) | CAUS | SCAUS_P
_CAUSATIVE_ON = LEXICAL_VERBS & ~(V5R_I | V5ARU)  # only dictionary verbs: never after a passive
_VOLITIONAL_ON = LEXICAL_VERBS | CAUS | SCAUS | SCAUS_P | PROG | PROG_R | RESULT | COMPL
_IMPERATIVE_ON = LEXICAL_VERBS | CAUS | SCAUS | SCAUS_P | PROG | PROG_R | RESULT
_POLITE_ON = VERBS  # 食べさせます, 食べています, 食べすぎます, 寂しがります
_TAI_ON = LEXICAL_VERBS | CAUS | SCAUS | SCAUS_P | PASSIVE | PROG | RESULT | COMPL
_STEM_ON = LEXICAL_VERBS | CAUS | SCAUS | SCAUS_P | PASSIVE | POTENTIAL | SUGIRU | GARU | TAGARU
_SUGIRU_ON = LEXICAL_VERBS | CAUS | PASSIVE | GARU | TAGARU
_TE_AUX_ON = LEXICAL_VERBS | CAUS | SCAUS | SCAUS_P | PASSIVE | POTENTIAL | SUGIRU | GARU | TAGARU

RULES: tuple[Rule, ...] = (
    # Negative: -ない (conjugating on as an i-adjective), the older -ず, -ずに, -ぬ, and -ん (知らん).
    Rule(("negative",), "nai", "ない", makes=NEG),
    Rule(("negative",), "zu", "ん"),  # せん, not しん: ん takes the stem ず takes
    Rule(("negative",), "zu", "ず"),
    Rule(("negative",), "zu", "ずに"),
    Rule(("negative",), "zu", "ぬ"),
    # Past, te-form, and what is built on them: -たら (conditional), -たり.
    Rule(("past",), "ta"),
    Rule(("te-form",), "te"),
    Rule(("conditional",), "ta", "ら"),
    Rule(("-たり",), "ta", "り"),
    # Conditional: -ば on the e-stem, its contraction -ゃ (書きゃ), and -なら after the plain form.
    Rule(("conditional",), "ba", "ば"),
    Rule(("conditional",), "ya"),
    Rule(("conditional",), "dictionary", "なら"),
    # Volitional and imperative; -なさい on the masu-stem; the prohibitive -な after the plain form.
    Rule(("volitional",), "volitional", on=_VOLITIONAL_ON),
    Rule(("imperative",), "imperative", on=_IMPERATIVE_ON),
    Rule(("imperative",), "i", "なさい", on=LEXICAL_VERBS | CAUS),
    Rule(("prohibitive",), "dictionary", "な", on=LEXICAL_VERBS | CAUS | PROG),
    # Polite -ます and its own negative, past, volitional, te-form, imperative and conditional.
    Rule(("polite",), "masu", "ます", on=_POLITE_ON),
    Rule(("polite", "negative"), "masu", "ません", on=_POLITE_ON),
    Rule(("polite", "past"), "masu", "ました", on=_POLITE_ON),
    Rule(("polite", "negative", "past"), "masu", "ませんでした", on=_POLITE_ON),
    Rule(("polite", "volitional"), "masu", "ましょう", on=_POLITE_ON),
    Rule(("polite", "te-form"), "masu", "まして", on=_POLITE_ON),
    Rule(("polite", "imperative"), "masu", "ませ", on=_POLITE_ON),
    Rule(("polite", "conditional"), "masu", "ましたら", on=_POLITE_ON),
    # Potential (godan e-stem + る; ichidan and 来る without ら: 食べれる), passive, and "potential or
    # passive" for the ichidan and 来る られる, which cannot be told apart.
    Rule(("potential",), "potential", makes=POTENTIAL, on=LEXICAL_VERBS),
    Rule(("potential or passive",), "passive", makes=PASSIVE, on=V1 | VK),
    Rule(("passive",), "passive", makes=PASSIVE, on=_PASSIVE_ON & ~(V1 | VK)),
    # Causative, and the short causative (書かす, 食べさす), which conjugates as a godan -す verb;
    # only that of godan verbs other than -す takes the passive (書かされる, not 食べさされる).
    Rule(("causative",), "causative", makes=CAUS, on=_CAUSATIVE_ON),
    Rule(("short causative",), "short_causative", makes=SCAUS_P, on=GODAN & ~V5S, yields_to=V5S),
    Rule(("short causative",), "short_causative", makes=SCAUS, on=V1 | VK | VS | V5S),
    # On the masu-stem: -たい (an i-adjective), -たがる, -そう, -すぎる, -ながら, and the stem alone.
    Rule(("desiderative",), "i", "たい", makes=TAI, on=_TAI_ON),
    Rule(("-たがる",), "i", "たがる", makes=TAGARU, on=_TAI_ON),
    Rule(("-そう",), "i", "そう", on=VERBS & ~PROG_R),
    Rule(("-すぎる",), "i", "すぎる", makes=SUGIRU, on=_SUGIRU_ON),
    Rule(("-すぎる",), "i", "過ぎる", makes=SUGIRU, on=_SUGIRU_ON),
    Rule(("-ながら",), "i", "ながら", on=LEXICAL_VERBS | CAUS | PASSIVE | PROG),
    Rule(("continuative",), "i", on=_STEM_ON),
    # After the te-form: -ている/-てる/-とる (progressive), -ておく/-とく (resultative),
    # -てしまう/-ちゃう/-ちまう (completion); each conjugates on as its own verb does.
    Rule(("progressive",), "te", "いる", makes=PROG, on=_TE_AUX_ON),
    Rule(("progressive",), "te", "る", makes=PROG, on=_TE_AUX_ON),
    Rule(("progressive",), "te", "おる", makes=PROG_R, on=_TE_AUX_ON),
    Rule(("progressive",), "te", te="とる", de="どる", makes=PROG_R, on=_TE_AUX_ON),
    Rule(("resultative",), "te", "おく", makes=RESULT, on=_TE_AUX_ON),
    Rule(("resultative",), "te", te="とく", de="どく", makes=RESULT, on=_TE_AUX_ON),
    Rule(("completion",), "te", "しまう", makes=COMPL, on=_TE_AUX_ON | PROG),
    Rule(("completion",), "te", te="ちゃう", de="じゃう", makes=COMPL, on=_TE_AUX_ON | PROG),
    Rule(("completion",), "te", te="ちまう", de="じまう", makes=COMPL, on=_TE_AUX_ON | PROG),
    # Kansai negative -へん (食べへん, 行かへん, けえへん, せえへん).
    Rule(("negative", "kansai"), "kansai_negative", "", on=VERBS),
)


@dataclass(frozen=True)
class Rewrite:
    """A whole-suffix rewrite no row generates: ``inflected`` → ``base``.

    ``after``: "kanji" for a rewrite that applies only right after a kanji (痛え → 痛い, where
    the kana that changed is inside the kanji's reading).
    """

    reasons: tuple[str, ...]
    inflected: str
    base: str
    makes: int = FORM
    on: int = ADJ
    after: str = ""


def _adjective_rules() -> list[Rewrite]:
    """The i-adjective, on the stem left when い is dropped (高い → 高)."""
    table = [
        # (reasons, suffix replacing い, kind it makes, bases it takes)
        (("past",), "かった", FORM, ADJECTIVES),
        (("negative",), "くない", NEG, ADJECTIVES),
        (("te-form",), "くて", FORM, ADJECTIVES),
        (("adverbial",), "く", FORM, ADJECTIVES),
        (("conditional",), "ければ", FORM, ADJECTIVES),
        (("conditional",), "けりゃ", FORM, ADJECTIVES),
        (("conditional",), "きゃ", FORM, ADJECTIVES),
        (("conditional",), "かったら", FORM, ADJECTIVES),
        (("-たり",), "かったり", FORM, ADJECTIVES),
        (("volitional",), "かろう", FORM, ADJECTIVES),
        (("conditional",), "いなら", FORM, ADJECTIVES),
        (("polite",), "いです", FORM, ADJECTIVES),
        (("past", "polite"), "かったです", FORM, ADJECTIVES),
        (("-さ",), "さ", FORM, ADJ | TAI),
        (("-げ",), "げ", FORM, ADJ | TAI),
        (("-げ",), "気", FORM, ADJ | TAI),
        (("-そう",), "そう", FORM, ADJ | TAI),
        (("-すぎる",), "すぎる", SUGIRU, ADJ | TAI),
        (("-すぎる",), "過ぎる", SUGIRU, ADJ | TAI),
        (("-がる",), "がる", GARU, ADJ),
        (("-き",), "き", FORM, ADJ | NEG),
    ]
    rules = [Rewrite(reasons, suffix, "い", makes, on) for reasons, suffix, makes, on in table]
    # ない and よい put さ before -そう, -すぎる, -げ (なさそう, よさそう), and so does a -ない form (食べなさそう).
    for stem, base, on in (("な", "ない", ADJ | NEG), ("無", "無い", ADJ), ("よ", "よい", ADJ), ("良", "良い", ADJ)):
        for reasons, suffix, makes in ((("-そう",), "さそう", FORM), (("-すぎる",), "さすぎる", SUGIRU), (("-げ",), "さげ", FORM)):
            rules.append(Rewrite(reasons, stem + suffix, base, makes, on))
    return rules


# The kana rows, for the sound changes below: (a, i, u, e, o) of each consonant (the vowels alone
# fuse in neither change that uses these rows, except Kansai あう → おうた, added there).
_KANA_ROWS = (
    "かきくけこ", "がぎぐげご", "さしすせそ", "ざじずぜぞ", "たちつてと", "だぢづでど",
    "なにぬねの", "はひふへほ", "ばびぶべぼ", "ぱぴぷぺぽ", "まみむめも", "や　ゆ　よ", "らりるれろ", "わ　　　を",
)


def _colloquial_rules() -> list[Rewrite]:
    """Colloquial i-adjectives: the last vowel and い fuse, -ai/-oi → -ee, -ui → -ii.

    うるさい → うるせえ, すごい → すげえ, 長い → なげえ, 寒い → さみい; long marks and small
    kana too (すげー, すげぇ). On -ない and -たい forms as well: 知らねえ, 食べてえ.
    """
    rules = []
    on = ADJECTIVES
    for a, i, u, e, o in _KANA_ROWS:
        if e == "　":
            e = "え"  # や・わ rows: つよい → つえー, こわい → こええ
        for tail in ("え", "ー", "ぇ"):
            for vowel in (a, o):
                if vowel != "　":
                    rules.append(Rewrite(("colloquial",), e + tail, vowel + "い", on=on))
        if i != "　" and u != "　":
            for tail in ("い", "ー", "ぃ"):
                rules.append(Rewrite(("colloquial",), i + tail, u + "い", on=on))
    # After a kanji the fused vowel is inside its reading: 痛え, 凄え.
    for tail in ("え", "ー", "ぇ"):
        rules.append(Rewrite(("colloquial",), tail, "い", on=on, after="kanji"))
    return rules


def _kansai_u_verb_rules() -> list[Rewrite]:
    """Kansai -う verbs: the past and te-form in うた/うて (買うた, 買うて), with -たら and -たり.

    Written in kana, the vowel before う becomes o (かう → こうた, わらう → わろうた,
    しまう → しもうた); いう becomes ゆうた.
    """
    forms = ((("past", "kansai"), "うた"), (("te-form", "kansai"), "うて"),
             (("conditional", "kansai"), "うたら"), (("-たり", "kansai"), "うたり"))
    rules = []
    for reasons, ending in forms:
        rules.append(Rewrite(reasons, ending, "う", on=V5U | COMPL))
        for a, _i, _u, _e, o in (*_KANA_ROWS, "あいうえお"):
            if o != "　" and a != "　":
                rules.append(Rewrite(reasons, o + ending, a + "う", on=V5U | COMPL))
        rules.append(Rewrite(reasons, "ゆ" + ending, "いう", on=V5U))
    return rules


EXTRA_RULES: tuple[Rewrite, ...] = (
    *_adjective_rules(),
    # ある: its negative is the adjective ない.
    Rewrite(("negative",), "ない", "ある", makes=NEG, on=V5R_I),
    # A noun that takes する: 勉強する, 攻撃される (the -する form of the noun, conjugating as する).
    Rewrite(("-する",), "する", "", makes=VS, on=VS_NOUN),
    *_colloquial_rules(),
    *_kansai_u_verb_rules(),
)
