"""The words screening knows: legal forms (each canonical form with the ways lists write it)
and words so frequent in names that they say little of who is named (particles, titles,
generic business words, and the given names and surnames most frequent worldwide). Data,
kept apart from the code that reads it; changing it changes the algorithm's version."""

from __future__ import annotations

LEGAL_FORMS_TEXT = """
llc: llc, l l c, limited liability company, limited liability co, ooo, tov, too
llc: obshchestvo s ogranichennoy otvetstvennostyu
llc: obshchestvo s ogranichennoi otvetstvennostiu
llc: obshchestvo s ogranichennoj otvetstvennostju, gmbh, sp z o o, srl, s r l, sarl, s a r l
llc: bv, b v, fz llc, fzco, fze, fzc, dmcc
jsc: jsc, joint stock company, joint stock co, ao, zao, oao, pao, pjsc, ojsc, cjsc, pat
jsc: prat, jscb, public joint stock company, open joint stock company
jsc: closed joint stock company, aktsionernoe obshchestvo, aktsionernoye obshchestvo
jsc: publichnoe aktsionernoe obshchestvo, otkrytoe aktsionernoe obshchestvo
jsc: zakrytoe aktsionernoe obshchestvo, ag, sa, s a, societe anonyme, sociedad anonima, spa
jsc: s p a, nv, n v, as, a s, ab, oyj
ltd: ltd, limited, co ltd, company limited, pte ltd, pte, pty ltd, pty, private limited, plc
ltd: public limited company, sdn bhd, bhd, pvt ltd
corp: corp, corporation, inc, incorporated, co, company, cia, compania
lp: lp, llp, l p, limited partnership, kg, gmbh co kg, co kg
pt: pt, tbk, cv
"""
COMMON_TEXT = """
a abd abdel abdul abdullah abu ahmad ahmed al alejandro aleksandr aleksei alexander alexei
ali alvarez ana and anderson andrei andrey anna antonio aziz bank ben bin bint brown bui
carlos castro chen cho choi co commercial company costa cruz da dang daniel david davis de
del den deng der development diaz dmitri dmitry do duong e eduardo el elena energy
enterprise enterprises export feng fernando ferreira flores for francisco garcia gas general
global gomez gonzalez group guo gupta gutierrez hamid han hasan hassan he hernandez herrera
ho hoang holding holdings hu huang hugo husain hussain hussein ibn ibrahim igor import
industrial industries industry international intl investment investments irina ismail ivan
ivanov ivanova james jang javier jesus jimenez john johnson jones jorge jose joseph juan
jung kang karim khan kim kumar kuznetsov la le lee li liang lim lin liu logistics lopez luis
luo ly ma mahmoud management manuel maria mario martinez mary medina michael miguel miller
mohamed mohammad mohammed morales moreno muhammad muhammed mustafa natalia national new ngo
nguyen nikolai of oil oleg olga oliveira omar ortiz oscar park patel pedro pereira perez
petroleum petrov pham phan popov rafael rahman ramirez ramos reyes ricardo richard rivera
robert roberto rodriguez romero ruiz said saleh salem sanchez santos sergei sergey sergio
service services shah sharma shipping sidorov silva singh smirnov smith sokolov song souza
sun svetlana tang tatiana taylor technologies technology the thomas torres trade trading
tran ul van vargas victor viktor vladimir vo von vu wang william williams wilson wu xie xu y
yang yoon yuri yusuf zhang zhao zheng zhou zhu
"""


def legal_forms() -> dict[str, tuple[str, ...]]:
    """canonical -> its forms, normalised words separated by spaces."""
    found: dict[str, tuple[str, ...]] = {}
    for line in LEGAL_FORMS_TEXT.strip().splitlines():  # a form may go on over several lines
        canonical, _, forms = line.partition(":")
        found[canonical] = found.get(canonical, ()) + tuple(f.strip() for f in forms.split(","))
    return found


LEGAL_FORMS = legal_forms()
COMMON = frozenset(COMMON_TEXT.split())

# tracker-screen/2: how other European languages write one Cyrillic sound (German "Schoigu",
# Polish "Szojgu", Latvian "Šoigu" once ASCII), written as English does, before the v1 skeleton
ROMANISATIONS_V2 = (
    ("tsch", "ch"), ("szcz", "shch"), ("shch", "sh"), ("sch", "sh"), ("sz", "sh"), ("cz", "ch"),
    ("rz", "zh"), ("tch", "ch"), ("ij", "i"), ("sh", "s"),
)  # fmt: skip

# Korean family names as South, North and English habit write them, each written one way
KOREAN_FAMILY_TEXT = """
ri: lee yi rhee li i ni
pak: park bak pack
choe: choi chwe che
kim: gim
jo: cho
kang: gang
yun: yoon
jang: chang
im: lim rim
o: oh
so: seo suh
sin: shin
kwon: gwon
an: ahn
yu: ryu yoo ryoo rhyu
no: roh noh
mun: moon
jong: jung jeong chung chong
"""


def korean_family() -> dict[str, str]:
    found: dict[str, str] = {}
    for line in KOREAN_FAMILY_TEXT.strip().splitlines():
        written, _, others = line.partition(":")
        for other in others.split():
            found[other] = written
    return found


KOREAN_FAMILY = korean_family()
