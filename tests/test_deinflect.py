"""The deinflector (issue 13), table-driven: conjugated forms written by hand from the grammar,
each with the dictionary form and the reasons it must be found with, and forms that are not
Japanese and must find nothing.

These run against a small hand-made lexicon (LEXICON: a spelling and its word class), so
they test the rules alone; tests/test_dictionary.py checks the same machinery against JMdict.
Reasons are listed from the dictionary form outward, as ``bireader lookup --json`` gives them.
"""

from __future__ import annotations

import pytest

from bireader.dictionary import deinflect_rules as table
from bireader.dictionary.deinflect import (
    COMPILED,
    REASONS,
    SOURCES,
    deinflect,
    describe,
    dictionary_forms,
    lexical_kinds,
    reinflect,
)

K = {
    "v1": table.V1, "v5u": table.V5U, "v5u-s": table.V5U_S, "v5k": table.V5K, "v5k-s": table.V5K_S,
    "v5g": table.V5G, "v5s": table.V5S, "v5t": table.V5T, "v5n": table.V5N, "v5b": table.V5B,
    "v5m": table.V5M, "v5r": table.V5R, "v5r-i": table.V5R_I, "v5aru": table.V5ARU, "vk": table.VK,
    "vs": table.VS, "vs-s": table.VS_S, "vz": table.VZ, "adj": table.ADJ, "vs-noun": table.VS_NOUN,
}

# (form, dictionary form, its class, reasons). One group a rule family, as the issue lists them.
NEGATIVE = [
    ("食べない", "食べる", "v1", "negative"),
    ("見ない", "見る", "v1", "negative"),
    ("起きない", "起きる", "v1", "negative"),
    ("買わない", "買う", "v5u", "negative"),
    ("書かない", "書く", "v5k", "negative"),
    ("行かない", "行く", "v5k-s", "negative"),
    ("泳がない", "泳ぐ", "v5g", "negative"),
    ("話さない", "話す", "v5s", "negative"),
    ("待たない", "待つ", "v5t", "negative"),
    ("死なない", "死ぬ", "v5n", "negative"),
    ("遊ばない", "遊ぶ", "v5b", "negative"),
    ("読まない", "読む", "v5m", "negative"),
    ("作らない", "作る", "v5r", "negative"),
    ("こない", "くる", "vk", "negative"),
    ("来ない", "来る", "vk", "negative"),
    ("しない", "する", "vs", "negative"),
    ("愛さない", "愛する", "vs-s", "negative"),
    ("愛しない", "愛する", "vs-s", "negative"),
    ("信じない", "信ずる", "vz", "negative"),
    ("ない", "ある", "v5r-i", "negative"),
    ("知らん", "知る", "v5r", "negative"),
    ("わからん", "わかる", "v5r", "negative"),
    ("食べん", "食べる", "v1", "negative"),
    ("せん", "する", "vs", "negative"),
    ("こん", "くる", "vk", "negative"),
    ("食べず", "食べる", "v1", "negative"),
    ("書かず", "書く", "v5k", "negative"),
    ("せず", "する", "vs", "negative"),
    ("こず", "くる", "vk", "negative"),
    ("信ぜず", "信ずる", "vz", "negative"),
    ("愛せず", "愛する", "vs-s", "negative"),
    ("食べずに", "食べる", "v1", "negative"),
    ("言わずに", "言う", "v5u", "negative"),
    ("せずに", "する", "vs", "negative"),
    ("知らぬ", "知る", "v5r", "negative"),
    ("見ぬ", "見る", "v1", "negative"),
    ("せぬ", "する", "vs", "negative"),
    ("食べなかった", "食べる", "v1", "negative · past"),
    ("書かなかった", "書く", "v5k", "negative · past"),
    ("しなかった", "する", "vs", "negative · past"),
    ("なかった", "ある", "v5r-i", "negative · past"),
    ("食べなくて", "食べる", "v1", "negative · te-form"),
    ("読まなくて", "読む", "v5m", "negative · te-form"),
    ("食べなければ", "食べる", "v1", "negative · conditional"),
    ("行かなければ", "行く", "v5k-s", "negative · conditional"),
    ("食べなきゃ", "食べる", "v1", "negative · conditional"),
    ("しなけりゃ", "する", "vs", "negative · conditional"),
    ("食べなく", "食べる", "v1", "negative · adverbial"),
]

PAST_AND_TE = [
    ("食べた", "食べる", "v1", "past"),
    ("見た", "見る", "v1", "past"),
    ("買った", "買う", "v5u", "past"),
    ("書いた", "書く", "v5k", "past"),
    ("行った", "行く", "v5k-s", "past"),
    ("泳いだ", "泳ぐ", "v5g", "past"),
    ("話した", "話す", "v5s", "past"),
    ("待った", "待つ", "v5t", "past"),
    ("死んだ", "死ぬ", "v5n", "past"),
    ("遊んだ", "遊ぶ", "v5b", "past"),
    ("読んだ", "読む", "v5m", "past"),
    ("作った", "作る", "v5r", "past"),
    ("あった", "ある", "v5r-i", "past"),
    ("問うた", "問う", "v5u-s", "past"),
    ("きた", "くる", "vk", "past"),
    ("来た", "来る", "vk", "past"),
    ("來た", "來る", "vk", "past"),
    ("した", "する", "vs", "past"),
    ("信じた", "信ずる", "vz", "past"),
    ("愛した", "愛する", "vs-s", "past"),
    ("なさった", "なさる", "v5aru", "past"),
    ("食べて", "食べる", "v1", "te-form"),
    ("買って", "買う", "v5u", "te-form"),
    ("書いて", "書く", "v5k", "te-form"),
    ("行って", "行く", "v5k-s", "te-form"),
    ("泳いで", "泳ぐ", "v5g", "te-form"),
    ("話して", "話す", "v5s", "te-form"),
    ("待って", "待つ", "v5t", "te-form"),
    ("死んで", "死ぬ", "v5n", "te-form"),
    ("遊んで", "遊ぶ", "v5b", "te-form"),
    ("読んで", "読む", "v5m", "te-form"),
    ("作って", "作る", "v5r", "te-form"),
    ("問うて", "問う", "v5u-s", "te-form"),
    ("きて", "くる", "vk", "te-form"),
    ("来て", "来る", "vk", "te-form"),
    ("して", "する", "vs", "te-form"),
    ("為て", "為る", "vs", "te-form"),
    ("信じて", "信ずる", "vz", "te-form"),
    ("食べたり", "食べる", "v1", "-たり"),
    ("書いたり", "書く", "v5k", "-たり"),
    ("したり", "する", "vs", "-たり"),
    ("読みながら", "読む", "v5m", "-ながら"),
    ("食べながら", "食べる", "v1", "-ながら"),
]

TE_AUXILIARIES = [
    ("食べている", "食べる", "v1", "progressive"),
    ("書いている", "書く", "v5k", "progressive"),
    ("読んでいる", "読む", "v5m", "progressive"),
    ("している", "する", "vs", "progressive"),
    ("来ている", "来る", "vk", "progressive"),
    ("食べてる", "食べる", "v1", "progressive"),
    ("読んでる", "読む", "v5m", "progressive"),
    ("行ってる", "行く", "v5k-s", "progressive"),
    ("食べとる", "食べる", "v1", "progressive"),
    ("読んどる", "読む", "v5m", "progressive"),
    ("書いとる", "書く", "v5k", "progressive"),
    ("しとる", "する", "vs", "progressive"),
    ("待っております", "待つ", "v5t", "progressive · polite"),
    ("食べていた", "食べる", "v1", "progressive · past"),
    ("食べてた", "食べる", "v1", "progressive · past"),
    ("読んでいない", "読む", "v5m", "progressive · negative"),
    ("読んでない", "読む", "v5m", "progressive · negative"),
    ("食べています", "食べる", "v1", "progressive · polite"),
    ("書いていました", "書く", "v5k", "progressive · polite · past"),
    ("食べとった", "食べる", "v1", "progressive · past"),
    ("知っとらん", "知る", "v5r", "progressive · negative"),
    ("食べておく", "食べる", "v1", "resultative"),
    ("書いておく", "書く", "v5k", "resultative"),
    ("読んでおく", "読む", "v5m", "resultative"),
    ("しておく", "する", "vs", "resultative"),
    ("食べとく", "食べる", "v1", "resultative"),
    ("書いとく", "書く", "v5k", "resultative"),
    ("読んどく", "読む", "v5m", "resultative"),
    ("しといた", "する", "vs", "resultative · past"),
    ("やっておいて", "やる", "v5r", "resultative · te-form"),
    ("食べておきます", "食べる", "v1", "resultative · polite"),
    ("食べてしまう", "食べる", "v1", "completion"),
    ("書いてしまう", "書く", "v5k", "completion"),
    ("読んでしまった", "読む", "v5m", "completion · past"),
    ("食べちゃう", "食べる", "v1", "completion"),
    ("行っちゃう", "行く", "v5k-s", "completion"),
    ("読んじゃう", "読む", "v5m", "completion"),
    ("泳いじゃった", "泳ぐ", "v5g", "completion · past"),
    ("しちゃった", "する", "vs", "completion · past"),
    ("来ちゃった", "来る", "vk", "completion · past"),
    ("食べちまう", "食べる", "v1", "completion"),
    ("読んじまった", "読む", "v5m", "completion · past"),
    ("忘れちゃいました", "忘れる", "v1", "completion · polite · past"),
    ("食べていちゃう", "食べる", "v1", "progressive · completion"),
]

POLITE = [
    ("食べます", "食べる", "v1", "polite"),
    ("買います", "買う", "v5u", "polite"),
    ("書きます", "書く", "v5k", "polite"),
    ("行きます", "行く", "v5k-s", "polite"),
    ("泳ぎます", "泳ぐ", "v5g", "polite"),
    ("話します", "話す", "v5s", "polite"),
    ("待ちます", "待つ", "v5t", "polite"),
    ("死にます", "死ぬ", "v5n", "polite"),
    ("遊びます", "遊ぶ", "v5b", "polite"),
    ("読みます", "読む", "v5m", "polite"),
    ("作ります", "作る", "v5r", "polite"),
    ("あります", "ある", "v5r-i", "polite"),
    ("きます", "くる", "vk", "polite"),
    ("来ます", "来る", "vk", "polite"),
    ("します", "する", "vs", "polite"),
    ("信じます", "信ずる", "vz", "polite"),
    ("食べません", "食べる", "v1", "polite · negative"),
    ("書きません", "書く", "v5k", "polite · negative"),
    ("しません", "する", "vs", "polite · negative"),
    ("きません", "くる", "vk", "polite · negative"),
    ("食べました", "食べる", "v1", "polite · past"),
    ("読みました", "読む", "v5m", "polite · past"),
    ("しました", "する", "vs", "polite · past"),
    ("食べませんでした", "食べる", "v1", "polite · negative · past"),
    ("行きませんでした", "行く", "v5k-s", "polite · negative · past"),
    ("ありませんでした", "ある", "v5r-i", "polite · negative · past"),
    ("食べましょう", "食べる", "v1", "polite · volitional"),
    ("行きましょう", "行く", "v5k-s", "polite · volitional"),
    ("しましょう", "する", "vs", "polite · volitional"),
    ("食べまして", "食べる", "v1", "polite · te-form"),
    ("行きましたら", "行く", "v5k-s", "polite · conditional"),
    ("いらっしゃいます", "いらっしゃる", "v5aru", "polite"),
    ("いらっしゃいませ", "いらっしゃる", "v5aru", "polite · imperative"),
    ("くださいます", "くださる", "v5aru", "polite"),
    ("なさいます", "なさる", "v5aru", "polite"),
    ("おっしゃいました", "おっしゃる", "v5aru", "polite · past"),
    ("ございます", "ござる", "v5aru", "polite"),
    ("ございませんでした", "ござる", "v5aru", "polite · negative · past"),
    ("いらっしゃらない", "いらっしゃる", "v5aru", "negative"),
]

VOLITIONAL_IMPERATIVE = [
    ("食べよう", "食べる", "v1", "volitional"),
    ("買おう", "買う", "v5u", "volitional"),
    ("書こう", "書く", "v5k", "volitional"),
    ("行こう", "行く", "v5k-s", "volitional"),
    ("泳ごう", "泳ぐ", "v5g", "volitional"),
    ("話そう", "話す", "v5s", "volitional"),
    ("待とう", "待つ", "v5t", "volitional"),
    ("死のう", "死ぬ", "v5n", "volitional"),
    ("遊ぼう", "遊ぶ", "v5b", "volitional"),
    ("読もう", "読む", "v5m", "volitional"),
    ("作ろう", "作る", "v5r", "volitional"),
    ("こよう", "くる", "vk", "volitional"),
    ("来よう", "来る", "vk", "volitional"),
    ("しよう", "する", "vs", "volitional"),
    ("信じよう", "信ずる", "vz", "volitional"),
    ("食べろ", "食べる", "v1", "imperative"),
    ("食べよ", "食べる", "v1", "imperative"),
    ("買え", "買う", "v5u", "imperative"),
    ("書け", "書く", "v5k", "imperative"),
    ("泳げ", "泳ぐ", "v5g", "imperative"),
    ("話せ", "話す", "v5s", "imperative"),
    ("待て", "待つ", "v5t", "imperative"),
    ("死ね", "死ぬ", "v5n", "imperative"),
    ("遊べ", "遊ぶ", "v5b", "imperative"),
    ("読め", "読む", "v5m", "imperative"),
    ("作れ", "作る", "v5r", "imperative"),
    ("こい", "くる", "vk", "imperative"),
    ("来い", "来る", "vk", "imperative"),
    ("しろ", "する", "vs", "imperative"),
    ("せよ", "する", "vs", "imperative"),
    ("信ぜよ", "信ずる", "vz", "imperative"),
    ("いらっしゃい", "いらっしゃる", "v5aru", "imperative"),
    ("ください", "くださる", "v5aru", "imperative"),
    ("なさい", "なさる", "v5aru", "imperative"),
    ("食べなさい", "食べる", "v1", "imperative"),
    ("書きなさい", "書く", "v5k", "imperative"),
    ("行くな", "行く", "v5k-s", "prohibitive"),
    ("食べるな", "食べる", "v1", "prohibitive"),
    ("するな", "する", "vs", "prohibitive"),
    ("食べさせろ", "食べる", "v1", "causative · imperative"),
    ("待っていろ", "待つ", "v5t", "progressive · imperative"),
]

CONDITIONAL = [
    ("食べれば", "食べる", "v1", "conditional"),
    ("買えば", "買う", "v5u", "conditional"),
    ("書けば", "書く", "v5k", "conditional"),
    ("行けば", "行く", "v5k-s", "conditional"),
    ("泳げば", "泳ぐ", "v5g", "conditional"),
    ("話せば", "話す", "v5s", "conditional"),
    ("待てば", "待つ", "v5t", "conditional"),
    ("死ねば", "死ぬ", "v5n", "conditional"),
    ("遊べば", "遊ぶ", "v5b", "conditional"),
    ("読めば", "読む", "v5m", "conditional"),
    ("作れば", "作る", "v5r", "conditional"),
    ("くれば", "くる", "vk", "conditional"),
    ("来れば", "来る", "vk", "conditional"),
    ("すれば", "する", "vs", "conditional"),
    ("信ずれば", "信ずる", "vz", "conditional"),
    ("食べりゃ", "食べる", "v1", "conditional"),
    ("言や", "言う", "v5u", "conditional"),
    ("書きゃ", "書く", "v5k", "conditional"),
    ("急ぎゃ", "急ぐ", "v5g", "conditional"),
    ("出しゃ", "出す", "v5s", "conditional"),
    ("待ちゃ", "待つ", "v5t", "conditional"),
    ("死にゃ", "死ぬ", "v5n", "conditional"),
    ("呼びゃ", "呼ぶ", "v5b", "conditional"),
    ("飲みゃ", "飲む", "v5m", "conditional"),
    ("やりゃ", "やる", "v5r", "conditional"),
    ("くりゃ", "くる", "vk", "conditional"),
    ("すりゃ", "する", "vs", "conditional"),
    ("食べたら", "食べる", "v1", "conditional"),
    ("行ったら", "行く", "v5k-s", "conditional"),
    ("読んだら", "読む", "v5m", "conditional"),
    ("したら", "する", "vs", "conditional"),
    ("来たら", "来る", "vk", "conditional"),
    ("食べるなら", "食べる", "v1", "conditional"),
    ("行くなら", "行く", "v5k-s", "conditional"),
    ("するなら", "する", "vs", "conditional"),
    ("高いなら", "高い", "adj", "conditional"),
    ("高ければ", "高い", "adj", "conditional"),
    ("高けりゃ", "高い", "adj", "conditional"),
    ("高きゃ", "高い", "adj", "conditional"),
    ("高かったら", "高い", "adj", "conditional"),
]

POTENTIAL_PASSIVE_CAUSATIVE = [
    ("行ける", "行く", "v5k-s", "potential"),
    ("買える", "買う", "v5u", "potential"),
    ("書ける", "書く", "v5k", "potential"),
    ("泳げる", "泳ぐ", "v5g", "potential"),
    ("話せる", "話す", "v5s", "potential"),
    ("待てる", "待つ", "v5t", "potential"),
    ("死ねる", "死ぬ", "v5n", "potential"),
    ("遊べる", "遊ぶ", "v5b", "potential"),
    ("読める", "読む", "v5m", "potential"),
    ("作れる", "作る", "v5r", "potential"),
    ("読めない", "読む", "v5m", "potential · negative"),
    ("書けなかった", "書く", "v5k", "potential · negative · past"),
    ("泳げます", "泳ぐ", "v5g", "potential · polite"),
    ("食べれる", "食べる", "v1", "potential"),
    ("見れる", "見る", "v1", "potential"),
    ("これる", "くる", "vk", "potential"),
    ("来れる", "来る", "vk", "potential"),
    ("愛せる", "愛する", "vs-s", "potential"),
    ("食べられる", "食べる", "v1", "potential or passive"),
    ("見られる", "見る", "v1", "potential or passive"),
    ("こられる", "くる", "vk", "potential or passive"),
    ("来られる", "来る", "vk", "potential or passive"),
    ("食べられない", "食べる", "v1", "potential or passive · negative"),
    ("食べられた", "食べる", "v1", "potential or passive · past"),
    ("買われる", "買う", "v5u", "passive"),
    ("書かれる", "書く", "v5k", "passive"),
    ("泳がれる", "泳ぐ", "v5g", "passive"),
    ("話される", "話す", "v5s", "passive"),
    ("待たれる", "待つ", "v5t", "passive"),
    ("死なれる", "死ぬ", "v5n", "passive"),
    ("遊ばれる", "遊ぶ", "v5b", "passive"),
    ("読まれる", "読む", "v5m", "passive"),
    ("作られる", "作る", "v5r", "passive"),
    ("される", "する", "vs", "passive"),
    ("為れる", "為る", "vs", "passive"),
    ("愛される", "愛する", "vs-s", "passive"),
    ("論ぜられる", "論ずる", "vz", "passive"),
    ("書かれた", "書く", "v5k", "passive · past"),
    ("言われている", "言う", "v5u", "passive · progressive"),
    ("書かれていました", "書く", "v5k", "passive · progressive · polite · past"),
    ("食べさせる", "食べる", "v1", "causative"),
    ("見させる", "見る", "v1", "causative"),
    ("買わせる", "買う", "v5u", "causative"),
    ("書かせる", "書く", "v5k", "causative"),
    ("行かせる", "行く", "v5k-s", "causative"),
    ("泳がせる", "泳ぐ", "v5g", "causative"),
    ("話させる", "話す", "v5s", "causative"),
    ("待たせる", "待つ", "v5t", "causative"),
    ("死なせる", "死ぬ", "v5n", "causative"),
    ("遊ばせる", "遊ぶ", "v5b", "causative"),
    ("読ませる", "読む", "v5m", "causative"),
    ("作らせる", "作る", "v5r", "causative"),
    ("こさせる", "くる", "vk", "causative"),
    ("来させる", "来る", "vk", "causative"),
    ("させる", "する", "vs", "causative"),
    ("為せる", "為る", "vs", "causative"),
    ("信じさせる", "信ずる", "vz", "causative"),
    ("愛させる", "愛する", "vs-s", "causative"),
    ("食べさせない", "食べる", "v1", "causative · negative"),
    ("読ませた", "読む", "v5m", "causative · past"),
    ("食べさせて", "食べる", "v1", "causative · te-form"),
    ("食べさせたい", "食べる", "v1", "causative · desiderative"),
    ("食べさせられる", "食べる", "v1", "causative · passive"),
    ("書かせられる", "書く", "v5k", "causative · passive"),
    ("させられる", "する", "vs", "causative · passive"),
    ("こさせられる", "くる", "vk", "causative · passive"),
    ("食べさせられなかった", "食べる", "v1", "causative · passive · negative · past"),
    ("読ませられていた", "読む", "v5m", "causative · passive · progressive · past"),
    ("食べさす", "食べる", "v1", "short causative"),
    ("見さす", "見る", "v1", "short causative"),
    ("買わす", "買う", "v5u", "short causative"),
    ("書かす", "書く", "v5k", "short causative"),
    ("泳がす", "泳ぐ", "v5g", "short causative"),
    ("話さす", "話す", "v5s", "short causative"),
    ("待たす", "待つ", "v5t", "short causative"),
    ("死なす", "死ぬ", "v5n", "short causative"),
    ("遊ばす", "遊ぶ", "v5b", "short causative"),
    ("読ます", "読む", "v5m", "short causative"),
    ("作らす", "作る", "v5r", "short causative"),
    ("こさす", "くる", "vk", "short causative"),
    ("さす", "する", "vs", "short causative"),
    ("書かした", "書く", "v5k", "short causative · past"),
    ("食べさした", "食べる", "v1", "short causative · past"),
    ("待たされる", "待つ", "v5t", "short causative · passive"),
    ("書かされる", "書く", "v5k", "short causative · passive"),
    ("読まされた", "読む", "v5m", "short causative · passive · past"),
    ("買わされていた", "買う", "v5u", "short causative · passive · progressive · past"),
]

DESIDERATIVE_AND_STEM = [
    ("食べたい", "食べる", "v1", "desiderative"),
    ("買いたい", "買う", "v5u", "desiderative"),
    ("書きたい", "書く", "v5k", "desiderative"),
    ("行きたい", "行く", "v5k-s", "desiderative"),
    ("泳ぎたい", "泳ぐ", "v5g", "desiderative"),
    ("話したい", "話す", "v5s", "desiderative"),
    ("待ちたい", "待つ", "v5t", "desiderative"),
    ("遊びたい", "遊ぶ", "v5b", "desiderative"),
    ("読みたい", "読む", "v5m", "desiderative"),
    ("作りたい", "作る", "v5r", "desiderative"),
    ("きたい", "くる", "vk", "desiderative"),
    ("したい", "する", "vs", "desiderative"),
    ("食べたくない", "食べる", "v1", "desiderative · negative"),
    ("行きたかった", "行く", "v5k-s", "desiderative · past"),
    ("読みたくなかった", "読む", "v5m", "desiderative · negative · past"),
    ("見たければ", "見る", "v1", "desiderative · conditional"),
    ("食べたく", "食べる", "v1", "desiderative · adverbial"),
    ("食べたさ", "食べる", "v1", "desiderative · -さ"),
    ("言いたげ", "言う", "v5u", "desiderative · -げ"),
    ("食べたそう", "食べる", "v1", "desiderative · -そう"),
    ("褒められたい", "褒める", "v1", "potential or passive · desiderative"),
    ("食べたがる", "食べる", "v1", "-たがる"),
    ("行きたがる", "行く", "v5k-s", "-たがる"),
    ("したがる", "する", "vs", "-たがる"),
    ("食べたがらない", "食べる", "v1", "-たがる · negative"),
    ("行きたがった", "行く", "v5k-s", "-たがる · past"),
    ("見たがっている", "見る", "v1", "-たがる · progressive"),
    ("降りそう", "降りる", "v1", "-そう"),
    ("降りそう", "降る", "v5r", "-そう"),
    ("書きそう", "書く", "v5k", "-そう"),
    ("泣きそう", "泣く", "v5k", "-そう"),
    ("しそう", "する", "vs", "-そう"),
    ("来そう", "来る", "vk", "-そう"),
    ("書けそう", "書く", "v5k", "potential · -そう"),
    ("食べすぎる", "食べる", "v1", "-すぎる"),
    ("食べ過ぎる", "食べる", "v1", "-すぎる"),
    ("飲みすぎる", "飲む", "v5m", "-すぎる"),
    ("飲み過ぎた", "飲む", "v5m", "-すぎる · past"),
    ("しすぎる", "する", "vs", "-すぎる"),
    ("言いすぎました", "言う", "v5u", "-すぎる · polite · past"),
    ("食べすぎない", "食べる", "v1", "-すぎる · negative"),
    ("食べ", "食べる", "v1", "continuative"),
    ("書き", "書く", "v5k", "continuative"),
    ("泳ぎ", "泳ぐ", "v5g", "continuative"),
    ("話し", "話す", "v5s", "continuative"),
    ("読み", "読む", "v5m", "continuative"),
    ("遊び", "遊ぶ", "v5b", "continuative"),
    ("持ち", "持つ", "v5t", "continuative"),
    ("し", "する", "vs", "continuative"),
    ("き", "くる", "vk", "continuative"),
    ("起き", "起きる", "v1", "continuative"),
    ("食べさせ", "食べる", "v1", "causative · continuative"),
    ("言われ", "言う", "v5u", "passive · continuative"),
]

ADJECTIVES = [
    ("高かった", "高い", "adj", "past"),
    ("美しかった", "美しい", "adj", "past"),
    ("高くない", "高い", "adj", "negative"),
    ("高くなかった", "高い", "adj", "negative · past"),
    ("高くなくて", "高い", "adj", "negative · te-form"),
    ("高くて", "高い", "adj", "te-form"),
    ("美しくて", "美しい", "adj", "te-form"),
    ("高く", "高い", "adj", "adverbial"),
    ("早く", "早い", "adj", "adverbial"),
    ("高かろう", "高い", "adj", "volitional"),
    ("高かったり", "高い", "adj", "-たり"),
    ("高いです", "高い", "adj", "polite"),
    ("高かったです", "高い", "adj", "past · polite"),
    ("高くないです", "高い", "adj", "negative · polite"),
    ("高さ", "高い", "adj", "-さ"),
    ("美しさ", "美しい", "adj", "-さ"),
    ("愛しさ", "愛しい", "adj", "-さ"),
    ("寂しさ", "寂しい", "adj", "-さ"),
    ("よさ", "よい", "adj", "-さ"),
    ("寂しげ", "寂しい", "adj", "-げ"),
    ("寂し気", "寂しい", "adj", "-げ"),
    ("悲しげ", "悲しい", "adj", "-げ"),
    ("なさげ", "ない", "adj", "-げ"),
    ("よさげ", "よい", "adj", "-げ"),
    ("無さげ", "無い", "adj", "-げ"),
    ("良さげ", "良い", "adj", "-げ"),
    ("高そう", "高い", "adj", "-そう"),
    ("美味しそう", "美味しい", "adj", "-そう"),
    ("なさそう", "ない", "adj", "-そう"),
    ("無さそう", "無い", "adj", "-そう"),
    ("よさそう", "よい", "adj", "-そう"),
    ("良さそう", "良い", "adj", "-そう"),
    ("高くなさそう", "高い", "adj", "negative · -そう"),
    ("食べなさそう", "食べる", "v1", "negative · -そう"),
    ("高すぎる", "高い", "adj", "-すぎる"),
    ("高過ぎる", "高い", "adj", "-すぎる"),
    ("高すぎた", "高い", "adj", "-すぎる · past"),
    ("なさすぎる", "ない", "adj", "-すぎる"),
    ("よさすぎる", "よい", "adj", "-すぎる"),
    ("無さすぎる", "無い", "adj", "-すぎる"),
    ("良さすぎる", "良い", "adj", "-すぎる"),
    ("食べなさすぎる", "食べる", "v1", "negative · -すぎる"),
    ("寂しがる", "寂しい", "adj", "-がる"),
    ("怖がる", "怖い", "adj", "-がる"),
    ("寂しがっている", "寂しい", "adj", "-がる · progressive"),
    ("痛がらない", "痛い", "adj", "-がる · negative"),
    ("寂しき", "寂しい", "adj", "-き"),
    ("美しき", "美しい", "adj", "-き"),
    ("なき", "ない", "adj", "-き"),
    ("名もなき", "名もない", "adj", "-き"),
]

COLLOQUIAL = [
    ("うるせえ", "うるさい", "adj", "colloquial"),
    ("うるせー", "うるさい", "adj", "colloquial"),
    ("すげえ", "すごい", "adj", "colloquial"),
    ("すげー", "すごい", "adj", "colloquial"),
    ("すげぇ", "すごい", "adj", "colloquial"),
    ("なげえ", "ながい", "adj", "colloquial"),
    ("いてえ", "いたい", "adj", "colloquial"),
    ("痛え", "痛い", "adj", "colloquial"),
    ("凄え", "凄い", "adj", "colloquial"),
    ("さみい", "さむい", "adj", "colloquial"),
    ("あちい", "あつい", "adj", "colloquial"),
    ("わりい", "わるい", "adj", "colloquial"),
    ("はええ", "はやい", "adj", "colloquial"),
    ("こええ", "こわい", "adj", "colloquial"),
    ("つえー", "つよい", "adj", "colloquial"),
    ("おせえ", "おそい", "adj", "colloquial"),
    ("おもしれえ", "おもしろい", "adj", "colloquial"),
    ("やべえ", "やばい", "adj", "colloquial"),
    ("ひでえ", "ひどい", "adj", "colloquial"),
    ("うめえ", "うまい", "adj", "colloquial"),
    ("ねえ", "ない", "adj", "colloquial"),
    ("知らねえ", "知る", "v5r", "negative · colloquial"),
    ("わからねえ", "わかる", "v5r", "negative · colloquial"),
    ("食べねえ", "食べる", "v1", "negative · colloquial"),
    ("行かねー", "行く", "v5k-s", "negative · colloquial"),
    ("しねえ", "する", "vs", "negative · colloquial"),
    ("こねえ", "くる", "vk", "negative · colloquial"),
    ("食べてえ", "食べる", "v1", "desiderative · colloquial"),
    ("行きてえ", "行く", "v5k-s", "desiderative · colloquial"),
]

KANSAI = [
    ("食べへん", "食べる", "v1", "negative · kansai"),
    ("行かへん", "行く", "v5k-s", "negative · kansai"),
    ("知らへん", "知る", "v5r", "negative · kansai"),
    ("書かへん", "書く", "v5k", "negative · kansai"),
    ("けえへん", "くる", "vk", "negative · kansai"),
    ("こーへん", "くる", "vk", "negative · kansai"),
    ("きいへん", "くる", "vk", "negative · kansai"),
    ("来へん", "来る", "vk", "negative · kansai"),
    ("せえへん", "する", "vs", "negative · kansai"),
    ("しいへん", "する", "vs", "negative · kansai"),
    ("買うた", "買う", "v5u", "past · kansai"),
    ("こうた", "かう", "v5u", "past · kansai"),
    ("言うた", "言う", "v5u", "past · kansai"),
    ("ゆうた", "いう", "v5u", "past · kansai"),
    ("思うた", "思う", "v5u", "past · kansai"),
    ("わろうた", "わらう", "v5u", "past · kansai"),
    ("おうた", "あう", "v5u", "past · kansai"),
    ("しもうた", "しまう", "v5u", "past · kansai"),
    ("食べてしもうた", "食べる", "v1", "completion · past · kansai"),
    ("買うて", "買う", "v5u", "te-form · kansai"),
    ("こうて", "かう", "v5u", "te-form · kansai"),
    ("買うたら", "買う", "v5u", "conditional · kansai"),
    ("こうたら", "かう", "v5u", "conditional · kansai"),
    ("買うたり", "買う", "v5u", "-たり · kansai"),
    ("ゆうたり", "いう", "v5u", "-たり · kansai"),
]

SURU_NOUNS = [
    ("勉強する", "勉強", "vs-noun", "-する"),
    ("勉強した", "勉強", "vs-noun", "-する · past"),
    ("勉強しない", "勉強", "vs-noun", "-する · negative"),
    ("勉強しています", "勉強", "vs-noun", "-する · progressive · polite"),
    ("勉強させられた", "勉強", "vs-noun", "-する · causative · passive · past"),
    ("攻撃される", "攻撃", "vs-noun", "-する · passive"),
    ("攻撃された", "攻撃", "vs-noun", "-する · passive · past"),
    ("料理しよう", "料理", "vs-noun", "-する · volitional"),
    ("料理できる", None, None, None),  # できる is a verb of its own, not a form of する: nothing here
]

POSITIVE = (
    NEGATIVE + PAST_AND_TE + TE_AUXILIARIES + POLITE + VOLITIONAL_IMPERATIVE + CONDITIONAL
    + POTENTIAL_PASSIVE_CAUSATIVE + DESIDERATIVE_AND_STEM + ADJECTIVES + COLLOQUIAL + KANSAI
    + [case for case in SURU_NOUNS if case[1]]
)

# Forms that are not Japanese, with the word a careless rule would take them for: none may
# deinflect to it (issue 13: すます is not a form of する, くない not one of くる).
NON_FORMS = [
    ("すます", "する"),  # -ます is on the masu-stem し
    ("くない", "くる"),  # 来る's negative is こない
    ("きない", "くる"),
    ("こます", "くる"),  # 来る's masu-stem is き
    ("すない", "する"),
    ("さない", "する"),  # only 愛する-type verbs (vs-s) have さない
    ("しれる", "する"),  # する's potential is できる
    ("しります", "する"),
    ("食べられさせる", "食べる"),  # causative after passive
    ("書かれさせる", "書く"),
    ("食べさされる", "食べる"),  # short causative of an ichidan verb + passive
    ("話さされる", "話す"),  # short causative of a -す verb + passive
    ("食べますます", "食べる"),  # -ます twice
    ("書きますます", "書く"),
    ("書かれられる", "書く"),  # passive twice
    ("書けられる", "書く"),  # passive of a potential
    ("書けさせる", "書く"),  # causative of a potential
    ("書けよう", "書く"),  # volitional of a potential
    ("書けろ", "書く"),  # imperative of a potential
    ("あらない", "ある"),  # ある's negative is ない
    ("いかった", "いい"),  # いい conjugates from よい: よかった
    ("行いた", "行く"),  # 行く's past is 行った
    ("書った", "書く"),  # godan -く: 書いた
    ("泳いた", "泳ぐ"),  # godan -ぐ: 泳いだ
    ("買いた", "買う"),
    ("死んた", "死ぬ"),
    ("読んた", "読む"),
    ("話いた", "話す"),
    ("待ちた", "待つ"),
    ("食べった", "食べる"),
    ("問った", "問う"),  # 問う's past is 問うた
    ("書きちゃう", "書く"),  # -ちゃう is on the te-form: 書いちゃう
    ("泳いちゃう", "泳ぐ"),  # 泳いじゃう
    ("読んちゃう", "読む"),  # 読んじゃう
    ("食べいる", "食べる"),  # -いる needs the te-form
    ("くさせる", "くる"),
    ("しさせる", "する"),
    ("愛しられる", "愛する"),
    ("高いかった", "高い"),
    ("高さそう", "高い"),  # only ない and よい put さ before -そう
    ("食べたがりたい", "食べる"),
    ("いらっしゃります", "いらっしゃる"),  # the -aru honorifics take -ます on い
    ("食べぬい", "食べる"),
    ("するます", "する"),
]

# A lexicon of the words the cases need: spelling → class. Other spellings are not words.
LEXICON: dict[str, int] = {}
for _form, _base, _kind, _reasons in POSITIVE:
    LEXICON[_base] = LEXICON.get(_base, 0) | K[_kind]
for _base, _kind in [
    ("する", "vs"), ("くる", "vk"), ("来る", "vk"), ("食べる", "v1"), ("書く", "v5k"), ("話す", "v5s"),
    ("ある", "v5r-i"), ("行く", "v5k-s"), ("問う", "v5u-s"), ("読む", "v5m"), ("泳ぐ", "v5g"),
    ("買う", "v5u"), ("死ぬ", "v5n"), ("待つ", "v5t"), ("愛する", "vs-s"), ("高い", "adj"),
    ("いらっしゃる", "v5aru"), ("済む", "v5m"), ("済ます", "v5s"), ("できる", "v1"),
]:
    LEXICON[_base] = LEXICON.get(_base, 0) | K[_kind]
LEXICON["いい"] = 0  # the yoi/ii class: lexical_kinds gives いい no kind


def _found(form: str) -> list:
    return dictionary_forms(form, lambda spelling: LEXICON.get(spelling, 0))


def _ids(cases):
    return [f"{case[0]}→{case[1]}" for case in cases]


@pytest.mark.parametrize(("form", "base", "kind", "reasons"), POSITIVE, ids=_ids(POSITIVE))
def test_form_deinflects_with_its_reasons(form, base, kind, reasons):
    expected = tuple(reasons.split(" · "))
    found = _found(form)
    assert any(c.form == base and c.kinds & K[kind] and c.reasons == expected for c in found), [
        (c.form, describe(c.kinds), c.reasons) for c in found
    ]


@pytest.mark.parametrize(("form", "wrong"), NON_FORMS, ids=_ids(NON_FORMS))
def test_non_form_does_not_deinflect(form, wrong):
    assert all(c.form != wrong for c in _found(form)), [(c.form, c.reasons) for c in _found(form)]


def test_the_tables_are_big_enough():
    assert len(POSITIVE) >= 400
    assert len(NON_FORMS) >= 30


def test_every_rule_of_the_table_is_exercised():
    used = set()
    for form, base, kind, reasons in POSITIVE:
        expected = tuple(reasons.split(" · "))
        for candidate in _found(form):
            if candidate.form == base and candidate.kinds & K[kind] and candidate.reasons == expected:
                used.update(COMPILED[number][5] for number in candidate.rules)

    def generated(rule) -> bool:
        # The sound-change tables make a rewrite for every kana row (うるせえ, すげえ, こうた …);
        # each of their groups must be exercised, not each kana row.
        return isinstance(rule, table.Rewrite) and bool({"colloquial", "kansai"} & set(rule.reasons))

    missing = [SOURCES[i] for i in range(len(SOURCES)) if i not in used and not generated(SOURCES[i])]
    assert not missing, missing
    groups = {rule.reasons for rule in SOURCES if generated(rule)}
    groups_used = {SOURCES[i].reasons for i in used if generated(SOURCES[i])}
    assert groups == groups_used, groups - groups_used


def test_every_conjugation_row_is_exercised():
    used = 0
    for form, base, kind, reasons in POSITIVE:
        for candidate in _found(form):
            if candidate.form == base and candidate.reasons == tuple(reasons.split(" · ")):
                used |= candidate.kinds & K[kind]
    rows = {row.kind for row in table.ROWS}
    assert all(kind & used for kind in rows), [describe(k) for k in rows if not k & used]


def test_reasons_are_the_issue_labels():
    reasons = {r for rule in COMPILED for r in rule[4]}
    assert reasons <= set(REASONS), reasons - set(REASONS)


def test_forms_of_suru_need_no_special_case():
    # できる is its own verb: the table has no potential for する.
    assert not _found("できる") or all(c.form != "する" for c in _found("できる"))
    assert [c.form for c in _found("料理できる") if c.form == "料理"] == []


def test_candidates_come_shortest_chain_first():
    lengths = [len(c.reasons) for c in deinflect("食べさせられなかった")]
    assert lengths == sorted(lengths)


@pytest.mark.parametrize(
    ("text", "limit"),
    [("", 0), ("あ" * 10_000, 400), ("ないないないないないないないないないないないない", 400), ("ーーーー", 400)],
)
def test_odd_input_stays_bounded(text, limit):
    assert len(deinflect(text)) <= limit


@pytest.mark.parametrize(
    ("pos", "form", "kinds"),
    [
        (("ichidan verb", "transitive"), "食べる", table.V1),
        (("godan verb (iku)", "intransitive"), "行く", table.V5K_S),
        (("i-adjective (yoi/ii)",), "いい", 0),  # いい conjugates from よい
        (("i-adjective (yoi/ii)",), "よい", table.ADJ),
        (("noun", "suru verb"), "勉強", table.VS_NOUN),
        (("noun",), "月", 0),
    ],
)
def test_lexical_kinds(pos, form, kinds):
    assert lexical_kinds(pos, form) == kinds


def test_reinflect_gives_the_reading_of_the_query():
    candidate = next(c for c in _found("行ける") if c.form == "行く")
    assert reinflect("いく", candidate) == "いける"
    past = next(c for c in _found("食べさせられなかった") if c.form == "食べる")
    assert reinflect("たべる", past) == "たべさせられなかった"
