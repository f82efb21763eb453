"""The TMX reader (issue 18): memories written by bireader and by CAT tools, and broken files."""

from __future__ import annotations

import io

import pytest

from bireader.errors import InputError
from bireader.export.tmx import read_tmx, write_tmx
from bireader.model import Document, Reading, Unit

# What OmegaT or Trados write: TMX 1.4 with inline codes, regional language codes, a header prop.
CAT_TOOL_TMX = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE tmx SYSTEM "tmx14.dtd">
<tmx version="1.4">
  <header creationtool="OmegaT" creationtoolversion="6.0" segtype="sentence" o-tmf="OmegaT TMX"
          adminlang="EN-US" srclang="ja-JP" datatype="plaintext">
    <prop type="project">nuclear</prop>
  </header>
  <body>
    <tu tuid="7" creationid="translator">
      <prop type="x-note">checked</prop>
      <tuv xml:lang="ja-JP"><seg>ロシアは<bpt i="1" x="1">&lt;b&gt;</bpt>NATO<ept i="1">&lt;/b&gt;</ept>を<ph x="2">&lt;br/&gt;</ph>抑止する</seg></tuv>
      <tuv xml:lang="en-US"><seg>Russia deters <bpt i="1">&lt;b&gt;</bpt>NATO<ept i="1">&lt;/b&gt;</ept><hi type="em">now</hi></seg></tuv>
    </tu>
    <tu>
      <tuv lang="ja"><seg>古い形式</seg></tuv>
      <tuv lang="EN"><seg>An old-style TMX 1.1 unit</seg></tuv>
    </tu>
  </body>
</tmx>
"""


def test_reads_a_cat_tool_memory():
    memory = read_tmx(io.BytesIO(CAT_TOOL_TMX.encode("utf-8")))
    assert memory.source_language == "ja-JP" and memory.header_props == {"project": "nuclear"}
    first, second = memory.units
    assert first.tuid == "7" and first.props == {"x-note": "checked"}
    assert first.text("ja") == "ロシアはNATOを抑止する"  # inline codes are not text
    assert first.text("en") == "Russia deters NATOnow"  # <hi> is
    assert second.text("ja") == "古い形式" and second.text("en") == "An old-style TMX 1.1 unit"
    assert first.text("fr") is None


def test_round_trip_of_bireaders_own_export(tmp_path):
    units = (
        Unit(0, "「核」と<述べた>&", 'He said "nuclear" & <left>', "aligned", 0.912),
        Unit(1, "日本語のみ", "", "aligned", 0.2),  # no partner: not a translation unit
        Unit(2, "改行\r\nを含む", "line\rbreak", "mt:google", None),
    )
    reading = Reading(ja=Document(text="", paragraphs=()), units=units, level="sentence", source="aligned: x.en.txt")
    path = tmp_path / "m.tmx"
    with path.open("w", encoding="utf-8", newline="") as out:
        assert write_tmx(reading, out) == 2
    memory = read_tmx(path)
    assert [(u.text("ja"), u.text("en"), u.props) for u in memory.units] == [
        ("「核」と<述べた>&", 'He said "nuclear" & <left>', {"x-source": "aligned", "x-score": "0.912"}),
        ("改行\r\nを含む", "line\rbreak", {"x-source": "mt:google"}),
    ]
    assert memory.header_props == {"x-english-source": "aligned: x.en.txt"}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "is empty"),
        (b"<tmx><body><tu>", "is not valid XML (line 1, column 15)"),
        (b'<?xml version="1.0"?><xliff version="1.2"/>', "is not a TMX file (its root element is <xliff>"),
        (b"\x00\x01binary", "is not valid XML"),
    ],
)
def test_broken_files_are_one_clear_error(tmp_path, content, message):
    path = tmp_path / "broken.tmx"
    path.write_bytes(content)
    with pytest.raises(InputError, match="broken.tmx") as err:
        read_tmx(path)
    assert message in err.value.message and "\n" not in err.value.message


def test_entities_are_not_expanded_from_outside(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET", encoding="utf-8")
    path = tmp_path / "xxe.tmx"
    path.write_text(
        f'<?xml version="1.0"?><!DOCTYPE tmx [<!ENTITY x SYSTEM "file://{secret}">]>'
        '<tmx version="1.4"><header srclang="ja"/><body><tu><tuv xml:lang="ja"><seg>&x;</seg></tuv></tu></body></tmx>',
        encoding="utf-8",
    )
    try:
        memory = read_tmx(path)
    except InputError:
        return  # refusing the entity is fine too
    assert "SECRET" not in (memory.units[0].text("ja") or "")


def test_missing_file(tmp_path):
    with pytest.raises(InputError, match="cannot read .*nothing.tmx: No such file"):
        read_tmx(tmp_path / "nothing.tmx")
