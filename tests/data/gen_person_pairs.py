#!/usr/bin/env python3
"""Writes tests/data/person_pairs.tsv, the labelled set of docs/persons-and-search.md §4.

Each person is spelt four ways, each spelling written by hand here (not by
Sabt's own key code): Tajik Cyrillic, Russian Cyrillic (as in a Russian
letter, sometimes surname and given name swapped or the birth date left out),
official Tajik Latin, and ICAO 9303 as in a passport (from the Russian form,
no patronymic). Negatives are brothers, a sister, fathers and sons, and
namesakes with common surnames. Deterministic (seeded).
Line: label <TAB> surname|given|patronymic|birth_date <TAB> the same for B.
"""
import random

R = random.Random(16)
# (Tajik, Russian, Tajik Latin, ICAO) of male given names
MALE = [("Ҷамшед", "Джамшед", "Jamshed", "DZHAMSHED"), ("Фарҳод", "Фарход", "Farhod", "FARKHOD"),
        ("Қодир", "Кодир", "Qodir", "KODIR"), ("Ғайрат", "Гайрат", "Ghayrat", "GAIRAT"),
        ("Бахтиёр", "Бахтиёр", "Bakhtiyor", "BAKHTIER"), ("Шаҳром", "Шахром", "Shahrom", "SHAKHROM"),
        ("Ҳусейн", "Хусейн", "Husein", "KHUSEIN"), ("Умед", "Умед", "Umed", "UMED"),
        ("Ӯктам", "Уктам", "Ūktam", "UKTAM"), ("Раҷаб", "Раджаб", "Rajab", "RADZHAB"),
        ("Ҷаҳонгир", "Джахонгир", "Jahongir", "DZHAKHONGIR"), ("Муҳаммад", "Мухаммад", "Muhammad", "MUKHAMMAD"),
        ("Далер", "Далер", "Daler", "DALER"), ("Сӯҳроб", "Сухроб", "Sūhrob", "SUKHROB"),
        ("Фирдавс", "Фирдавс", "Firdavs", "FIRDAVS"), ("Илҳом", "Ильхом", "Ilhom", "ILKHOM"),
        ("Нуриддин", "Нуриддин", "Nuriddin", "NURIDDIN"), ("Комрон", "Комрон", "Komron", "KOMRON"),
        ("Зафар", "Зафар", "Zafar", "ZAFAR"), ("Хуршед", "Хуршед", "Khurshed", "KHURSHED"),
        ("Абдуллоҳ", "Абдулло", "Abdulloh", "ABDULLO"), ("Искандар", "Искандар", "Iskandar", "ISKANDAR"),
        ("Шерзод", "Шерзод", "Sherzod", "SHERZOD"), ("Баҳодур", "Бахадур", "Bahodur", "BAKHADUR"),
        ("Алӣ", "Али", "Alī", "ALI"), ("Ёқуб", "Якуб", "Yoqub", "IAKUB"), ("Ҳасан", "Хасан", "Hasan", "KHASAN")]
FEMALE = [("Зарина", "Зарина", "Zarina", "ZARINA"), ("Нигина", "Нигина", "Nigina", "NIGINA"),
          ("Мадина", "Мадина", "Madina", "MADINA"), ("Гулнора", "Гулнора", "Gulnora", "GULNORA"),
          ("Меҳрона", "Мехрона", "Mehrona", "MEKHRONA"), ("Шаҳноза", "Шахноза", "Shahnoza", "SHAKHNOZA"),
          ("Фотима", "Фатима", "Fotima", "FATIMA"), ("Ҳилола", "Хилола", "Hilola", "KHILOLA"),
          ("Ситора", "Ситора", "Sitora", "SITORA"), ("Дилноза", "Дилноза", "Dilnoza", "DILNOZA")]
# surname roots
ROOTS = [("Раҳим", "Рахим", "Rahim", "RAKHIM"), ("Қодир", "Кадыр", "Qodir", "KADYR"),
         ("Ҳасан", "Хасан", "Hasan", "KHASAN"), ("Ҷӯра", "Джура", "Jūra", "DZHURA"),
         ("Сафар", "Сафар", "Safar", "SAFAR"), ("Шариф", "Шариф", "Sharif", "SHARIF"),
         ("Назар", "Назар", "Nazar", "NAZAR"), ("Ғаффор", "Гаффар", "Ghaffor", "GAFFAR"),
         ("Карим", "Карим", "Karim", "KARIM"), ("Азиз", "Азиз", "Aziz", "AZIZ"),
         ("Юсуф", "Юсуф", "Yusuf", "IUSUF"), ("Мирзо", "Мирзо", "Mirzo", "MIRZO"),
         ("Давлат", "Давлат", "Davlat", "DAVLAT"), ("Раҳмон", "Рахмон", "Rahmon", "RAKHMON"),
         ("Исмоил", "Исмаил", "Ismoil", "ISMAIL"), ("Бобо", "Бобо", "Bobo", "BOBO"),
         ("Олим", "Олим", "Olim", "OLIM"), ("Ҳамид", "Хамид", "Hamid", "KHAMID"),
         ("Саид", "Саид", "Said", "SAID"), ("Тошмат", "Ташмат", "Toshmat", "TASHMAT")]
VOWELS = "аоуиэеӯӣo"


def surname(root, style, female):
    tg, ru, la, ic = root
    if style == "zoda":
        ru_end = R.choice(["заде", "зода"])
        return (tg + "зода", ru + ru_end, la + "zoda", ic + ("ZADE" if ru_end == "заде" else "ZODA"))
    ends_vowel = tg[-1].lower() in VOWELS
    m = "ев" if ends_vowel else "ов"
    ml = "ev" if ends_vowel else "ov"
    f = "а" if female else ""
    fl = "a" if female else ""
    return (tg + m + f, ru + m + f, la + ml + fl, ic + ml.upper() + fl.upper())


def patronymic(father, female, tajik_form):
    tg, ru, la, ic = father
    ends_vowel = ru[-1].lower() in VOWELS
    if female:
        suf_ru, suf_la = ("евна", "evna") if ends_vowel else ("овна", "ovna")
    else:
        suf_ru, suf_la = ("евич", "evich") if ends_vowel else ("ович", "ovich")
    if tajik_form:
        tg_p = ("духтари " if female else "ибни ") + tg
    else:
        tg_vowel = tg[-1].lower() in VOWELS
        tg_suf = ("ев" if tg_vowel else "ов") + suf_ru[2:]
        tg_p = tg.replace("ӣ", "и") + tg_suf
    return (tg_p, ru + suf_ru, la.replace("ī", "i").replace("ū", "u") + suf_la, "")


def date():
    return "%04d-%02d-%02d" % (R.randint(1950, 2005), R.randint(1, 12), R.randint(1, 28))


persons = []  # (forms tuple of 4 records, meta)
used = set()


def make(given, root, style, father, female, bd, pin=None):
    s = surname(root, style, female)
    p = patronymic(father, female, R.random() < 0.4)
    recs = [[s[i], given[i], p[i], bd] for i in range(4)]
    # Russian letter: sometimes swapped order, sometimes no birth date
    if R.random() < 0.25:
        recs[1][0], recs[1][1] = recs[1][1], recs[1][0]
    if R.random() < 0.3 and pin is None:
        recs[1][3] = ""
    if R.random() < 0.3:
        recs[2][2] = ""  # Latin without patronymic
    return ["|".join(r) for r in recs]


lines = []
people = []
while len(people) < 85:
    female = R.random() < 0.2
    given = R.choice(FEMALE if female else MALE)
    root = R.choice(ROOTS)
    style = R.choice(["zoda", "ov"])
    father = R.choice([m for m in MALE if m != given])
    key = (given[0], root[0], style)
    if key in used:
        continue
    used.add(key)
    bd = date()
    recs = make(given, root, style, father, female, bd)
    people.append((given, root, style, father, female, bd, recs))
    for other in recs[1:]:
        lines.append(("same", recs[0], other))

negatives = 0
for given, root, style, father, female, bd, recs in people:
    # a brother (same surname and father, another given name and birth date)
    bro = R.choice([m for m in MALE if m not in (given, father)])
    if (bro[0], root[0], style) not in used:
        used.add((bro[0], root[0], style))
        b = make(bro, root, style, father, False, date(), pin=True)
        lines.append(("diff", recs[0], b[0]))
        lines.append(("diff", recs[1], b[1]))
        negatives += 2
    # the father: his own given name, the son's surname, another father
    if not female and (father[0], root[0], style) not in used:
        used.add((father[0], root[0], style))
        grand = R.choice([m for m in MALE if m not in (father,)])
        fbd = "%04d-%s" % (int(bd[:4]) - R.randint(20, 35), bd[5:])
        f = make(father, root, style, grand, False, fbd, pin=True)
        lines.append(("diff", recs[0], f[0]))
        lines.append(("diff", recs[3], f[3]))
        negatives += 2

# namesakes: same surname and given name, another father and birth date
for given, root, style, father, female, bd, recs in people[:30]:
    other_father = R.choice([m for m in MALE if m not in (given, father)])
    n = make(given, root, style, other_father, female, date(), pin=True)
    lines.append(("diff", recs[0], n[0]))
    lines.append(("diff", recs[2], n[2]))

with open("tests/data/person_pairs.tsv", "w", encoding="utf-8") as out:
    out.write("# label\tA: surname|given|patronymic|birth_date\tB (tests/data/gen_person_pairs.py)\n")
    for label, a, b in lines:
        out.write("%s\t%s\t%s\n" % (label, a, b))
print(len(lines), "pairs,", sum(1 for l in lines if l[0] == "same"), "same")
