"""Per-language abbreviation lists the sentence splitter consults (data only, lower-case, no dot)."""

from __future__ import annotations

__all__ = ["NEVER_FINAL", "MAYBE_FINAL", "NUMBER_PREFIXES", "ORDINAL_LANGUAGES", "MONTHS", "never_final"]

#: Abbreviations that (almost) never end a sentence: titles, "z. B."-style pieces, units before numbers.
_COMMON = {
    "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "gen", "gov", "sen", "rep", "lt", "col", "sgt",
    "capt", "cmdr", "adm", "maj", "rev", "hon", "pres", "supt", "insp", "det", "cpl", "pvt", "mt", "ft",
    "vs", "approx", "fig", "cf", "dept", "univ", "assn", "bros", "messrs", "mme", "mlle", "mmes",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "ave", "blvd", "rd", "hwy", "calif", "conn", "fla", "ill", "mass", "mich", "minn", "penn", "tenn",
    "tex", "va", "wash", "wis", "ariz", "colo", "ga", "ky", "la", "md", "mo", "nev", "okla", "ore",
}
_BY_LANGUAGE: dict[str, set[str]] = {
    "de": {"bzw", "ca", "ggf", "evtl", "inkl", "usw", "vgl", "sog", "u.a", "z.b", "d.h", "bspw", "hr",
           "fr", "nr", "abs", "str", "tel", "mio", "mrd", "dipl", "ing", "bzgl", "gegr", "jh", "jhd",
           "zzgl", "u.ä", "o.ä", "s.o", "s.u", "z.t", "i.d.r", "allg", "bes", "geb", "gest", "mind"},
    "fr": {"m", "mm", "mgr", "env", "p.ex", "cf", "av", "bd", "éd", "vol", "chap", "hab", "min"},
    "es": {"ee", "sr", "sra", "srta", "dña", "d", "ud", "uds", "pág", "núm", "aprox", "av", "avda",
           "ej"},
    "it": {"sig", "sigg", "dott", "ing", "avv", "on", "pag", "ecc", "es", "prof.ssa", "dott.ssa", "sen"},
    "pt": {"sr", "sra", "dra", "av", "pág", "núm", "aprox", "ex", "profa", "srta"},
    "nl": {"dhr", "mevr", "mw", "bijv", "o.a", "m.b.t", "ca", "resp", "nr", "blz", "jl", "d.w.z"},
    "da": {"hr", "fru", "bl.a", "ca", "f.eks", "osv", "nr", "mv", "jf", "dvs", "kr", "mio", "mia"},
    "sv": {"bl.a", "t.ex", "ca", "osv", "dvs", "nr", "kr", "resp", "s.k", "mfl", "m.fl", "fr.o.m"},
    "no": {"bl.a", "f.eks", "ca", "osv", "dvs", "nr", "kr", "mill", "mrd", "mv", "jf", "pr"},
    "pl": {"ul", "np", "tzw", "dr", "mgr", "inż", "prof", "tj", "itd", "itp", "ok", "godz", "tys",
           "mln", "mld", "zł", "pt", "r", "w", "ks", "al", "nr", "pl", "woj", "gen", "płk"},
    "ru": {"г", "гг", "т.е", "т.д", "т.п", "т.к", "др", "им", "ул", "пр", "млн", "млрд", "тыс", "руб",
           "св", "см", "стр", "проф", "акад", "ген", "обл", "р-н", "с", "н.э", "т"},
    "uk": {"м", "вул", "р", "рр", "т.д", "т.п", "тис", "млн", "млрд", "грн", "проф", "обл", "ім", "див"},
    "tr": {"dr", "prof", "doç", "av", "yrd", "vb", "vs", "bkz", "sn", "no", "cad", "sok", "mah", "örn"},
    "fi": {"esim", "mm", "ns", "n", "noin", "ks", "vrt", "tri", "prof", "os", "jne", "milj", "mrd"},
    "cs": {"např", "tzv", "atd", "apod", "mj", "tj", "resp", "č", "ing", "mgr", "odd", "ul", "mil"},
}
for _words in _BY_LANGUAGE.values():
    _words.update(_COMMON)

#: Abbreviations that can end a sentence ("... Apple Inc. The company ..."): split only when the
#: next word is a usual sentence opener.
MAYBE_FINAL = {"etc", "inc", "ltd", "corp", "co", "plc", "llc", "ag", "gmbh", "usw", "ecc", "itd",
               "itp", "osv", "jne", "atd", "apod", "u.s", "u.k", "u.n", "e.u", "a.m", "p.m", "d.c",
               "u.s.a", "uu", "n.y", "l.a", "e.g", "i.e"}

#: Words before a number: "No. 5", "Nr. 12", "Art. 3", "p. 4".
NUMBER_PREFIXES = {"no", "nos", "nr", "art", "p", "pp", "vol", "tel", "núm", "n", "ca", "abs", "s", "kap"}

#: Languages that write ordinals as "3." ("am 3. Oktober").
ORDINAL_LANGUAGES = {"de", "da", "no", "nb", "nn", "sv", "fi", "pl", "cs", "sk", "hu", "tr", "sl", "hr",
                     "sr", "et", "lv", "lt", "is"}

#: Month names (lower-case) of the ordinal languages, which follow an ordinal number.
MONTHS = {
    "januar", "februar", "märz", "april", "mai", "juni", "juli", "august", "september", "oktober",
    "november", "dezember", "jänner", "marts", "maj", "december", "januari", "februari", "mars",
    "augusti", "desember", "tammikuuta", "helmikuuta", "maaliskuuta", "huhtikuuta",
    "toukokuuta", "kesäkuuta", "heinäkuuta", "elokuuta", "syyskuuta", "lokakuuta", "marraskuuta",
    "joulukuuta", "stycznia", "lutego", "marca", "kwietnia", "maja", "czerwca", "lipca", "sierpnia",
    "września", "października", "listopada", "grudnia", "ocak", "şubat", "mart", "nisan", "mayıs",
    "haziran", "temmuz", "ağustos", "eylül", "ekim", "kasım", "aralık", "ledna", "února", "března",
    "dubna", "května", "června", "července", "srpna", "září", "října", "listopadu", "prosince",
    "jahrhundert", "jahrhunderts", "platz", "runde", "spieltag", "liga", "klasse", "stock",
}

_BY_LANGUAGE["en"] = set(_COMMON)
_BY_LANGUAGE["nb"] = _BY_LANGUAGE["nn"] = _BY_LANGUAGE["no"]


def never_final(language: str | None) -> set[str]:
    """The abbreviations of a language; the language-neutral list when it is unknown.

    Lists are not merged across languages: a short word that is an abbreviation in one language
    ("on", "mind") is an ordinary sentence-final word in another.
    """
    return _BY_LANGUAGE.get((language or "").split("-")[0].lower(), _COMMON)


NEVER_FINAL = _COMMON

#: Usual sentence openers (lower-case), in the corpus languages written with spaces: after an
#: abbreviation that may end a sentence, one of these means a new sentence starts.
OPENERS = {
    "the", "a", "an", "he", "she", "it", "they", "we", "i", "you", "but", "and", "in", "on", "at",
    "this", "that", "these", "those", "there", "his", "her", "their", "its", "our", "as", "if", "when",
    "while", "after", "before", "for", "so", "then", "yet", "also", "however", "meanwhile", "what",
    "who", "why", "how", "some", "many", "most", "officials", "police",
    "der", "die", "das", "er", "sie", "es", "wir", "ich", "aber", "und", "im", "am", "auch", "doch",
    "le", "la", "les", "il", "elle", "ils", "nous", "mais", "et", "en", "el", "los", "las", "ella",
    "pero", "lo", "gli", "ma", "o", "os", "ele", "mas", "de", "het", "een", "hij", "zij", "maar",
    "den", "det", "han", "hun", "men", "og", "och", "hon", "ale", "to", "ona", "oni",
}
