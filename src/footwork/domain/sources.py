"""The published sources behind footwork's numbers (see docs/science.md for the full notes).

Evidence tags: R = read in the source; R2 = read only in a secondary source;
M = widely repeated, not verified; C = computed by the team from reported numbers;
T = a working choice of the footwork team where no source gives a number.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Source:
    key: str
    citation: str
    tag: str


ROOT_1977 = Source(
    "root1977", "Root, Orien & Weed 1977, Normal and Abnormal Function of the Foot", "R"
)
NAWOCZENSKI_1999 = Source(
    "nawoczenski1999", "Nawoczenski, Baumhauer & Umberger 1999, JBJS Am 81(3):370-6", "R"
)
STUCK_1988 = Source(
    "stuck1988", "Stuck 1988 (hallux rigidus ≤ 10°), cited in a forefoot review", "R"
)
COUGHLIN_2003 = Source("coughlin2003", "Coughlin & Shurnas 2003, JBJS Am 85(11):2072", "R")
OTTER_2015_MDC = Source(
    "otter2015", "Computed from Otter et al. 2015, JFAR (SD 12.2°, inter-rater ICC .69/.71)", "C"
)
POWDEN_2015 = Source(
    "powden2015", "Powden, Hoch & Hoch 2015, Man Ther 20(4):524-32 (systematic review)", "R"
)
KONOR_2012 = Source("konor2012", "Konor et al. 2012, IJSPT 7(3):279-87", "R")
APP_2025 = Source(
    "app2025", "J Back Musculoskelet Rehabil 2025, doi 10.1177/10538127251395837", "R"
)
BACKMAN_2011 = Source("backman2011", "Backman & Danielson 2011, AJSM 39(12):2626-33", "R")
CALATAYUD_2015 = Source("calatayud2015", "Calatayud et al. 2015, IJSPT 10(2):197-202", "R")
HOCH_2011 = Source("hoch2011", "Hoch & McKeon 2011, Man Ther 16(5):516-9", "R2")
CHISHOLM_2012 = Source("chisholm2012", "Chisholm et al. 2012, Physiother Can 64(4):347-55", "R")
CAVANAGH_1987 = Source(
    "cavanagh1987", "Cavanagh & Rodgers 1987, J Biomech 20:547 (cut-offs widely repeated)", "M"
)
HERNANDEZ_CORVO_1989 = Source(
    "hernandezcorvo1989",
    "Hernández Corvo 1989, Morfología funcional deportiva (seven bands widely repeated; the "
    "method is reviewed in Lara Diéguez et al. 2011, Retos 19:49-53, and compared with the "
    "arch index in Sánchez Ramírez 2017, Fisioterapia 39(5):209-15)",
    "M",
)
WONG_2012 = Source("wong2012", "Wong et al. 2012, Physiother Can 64:280", "R")
CSI_ADULT = Source(
    "csi_adult",
    "Adult Chippaux-Smirak bands used in many implementations (Forriol & Pascual 1990)",
    "R2",
)
GONZALEZ_2017 = Source("gonzalez2017", "González-Martín et al. 2017, Colomb Med 48:25", "R")
CLARKE_NORMAL = Source(
    "clarke_normal", "'Normal 31-42°' as used in public code; child cut-offs in Banwell 2018", "R2"
)
BANWELL_2018 = Source("banwell2018", "Banwell et al. 2018, JFAR 11:21 (systematic review)", "R")
NEAL_2014 = Source("neal2014", "Neal et al. 2014, JFAR 7:55", "R")
KAUFMAN_1999 = Source("kaufman1999", "Kaufman et al. 1999, AJSM 27(5):585-93", "R")
LANGLEY_2016 = Source("langley2016", "Langley, Cramp & Morrison 2016, JFAR", "R")
NILSSON_2012 = Source("nilsson2012", "Nilsson et al. 2012, JFAR 5:3", "R")
TADDEI_2020 = Source("taddei2020", "Taddei et al. 2020, AJSM, doi 10.1177/0363546520969205", "R")
MULLIGAN_2013 = Source("mulligan2013", "Mulligan & Cook 2013, Man Ther 18(5):425-30", "R")
HARA_SR = Source("hara_sr", "Hara, Kitano & Kudo, systematic review of short-foot exercise", "R")
ENGKANANUWAT_2023 = Source(
    "engkananuwat2023", "Engkananuwat & Kanlayanaphotporn 2023, J Exerc Rehabil 19(1)", "R"
)
TEAM = Source("team", "footwork team working choice; no published number found", "T")
