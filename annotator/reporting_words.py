"""Words that tell a quotation's speaker: reporting verbs by language, and the small
words around names (pronouns, determiners, particles, auxiliaries) that a name never
takes in. Used by `quotes`."""

from __future__ import annotations

# Reporting verbs and phrases, lower case, by language; several words are one cue.
CUES = {
    "en": """said says say told tells added adds asked asks stated states explained explains
        wrote writes noted notes argued argues claimed claims insisted insists warned warns
        replied replies responded responds continued continues recalled recalls acknowledged
        admitted admits declared declares announced announces tweeted tweets posted
        remarked observed suggested suggests concluded agreed cautioned conceded contended
        emphasized emphasised stressed stresses maintained predicted quipped joked shouted
        yelled testified testifies reported reports wrote|in|a|statement according|to
        pointed|out went|on added|that said|that told|reporters confirmed confirms denied
        alleged complained boasted vowed promised urged countered retorted called calls
        elaborated explained recounted lamented mused offered charged scoffed snapped
        fired|back shot|back marveled marvelled pledged thundered proclaimed blasted slammed
        saying adding noting writing telling arguing declaring asking stating explaining
        warning insisting put|it texted emailed wrote|on tweeted|that
        described describes dubbed branded labelled labeled termed""",
    "fr": """déclaré déclare dit affirme affirmé explique expliqué ajoute ajouté souligne
        souligné estime estimé précise précisé indique indiqué assure assuré selon d'après
        d’après confié confie raconte raconté poursuit poursuivi martèle martelé lance lancé
        insiste insisté rappelle rappelé observe observé regrette regretté dénonce dénoncé
        avertit averti prévient prévenu reconnaît reconnu répond répondu""",
    "es": """dijo dice afirmó afirma declaró declara explicó explica señaló señala añadió
        añade agregó agrega aseguró asegura indicó indica manifestó sostuvo advirtió
        advierte destacó subrayó según apuntó comentó precisó insistió expresó reconoció
        respondió denunció recordó""",
    "de": """sagte sagt erklärte erklärt betonte betont meinte meint warnte warnt
        kritisierte kritisiert berichtete berichtet zufolge laut schrieb schreibt ergänzte
        ergänzt forderte fordert so hieß|es heißt|es fügte|hinzu
        teilte|mit räumte|ein versicherte bekräftigte""",
    "ar": """قال وقال قالت وقالت أضاف وأضاف أضافت وأضافت بحسب وبحسب حسب أكد وأكد أكدت وأكدت
        صرح وصرح أوضح وأوضح أوضحت وأوضحت أشار وأشار أشارت وأشارت وفقا وفقاً تابع وتابع
        لفت ولفت اعتبر واعتبر""",
}
# Cues whose speaker follows them ("according to X", "selon X", "بحسب X").
_SPEAKER_AFTER = frozenset(
    (
        "according",
        "selon",
        "d'après",
        "d’après",
        "según",
        "laut",
        "zufolge",
        "so",
        "بحسب",
        "وبحسب",
        "حسب",
        "وفقا",
        "وفقاً",
    )
)
PRONOUNS = frozenset(
    """he she they it we i you il elle ils elles on nous je él ella ellos ellas er sie es wir
    ich هو هي هم""".split()
)
_DETERMINERS = frozenset(
    """the a an his her their its this that these those one another some several many two
    three four other both each le la les l' l’ un une son sa ses
    leur el los las lo un una su sus der die das den dem des ein eine einer einem""".split()
)
# Words that end a speaker's name: "said Smith on Monday", "said Smith in a statement".
_GOES_ON = frozenset(
    """but or and while which that as when because to for in on at of is was are were will
    would can could than then so if not with from by""".split()
)
_PARTICLES = frozenset("de du des da van von der den al el bin ibn la le di del dos y".split())
# Words between a speaker and a reporting verb: "Smith has said", "Macron a déclaré".
_AUXILIARIES = frozenset(
    """a ont avait avaient aurait hat haben hatte ha han había has have had is was will would
    also aussi también auch then further later again previously ne n' n’ y did does do
    has had have just only first""".split()
)
_NAME_STOP = (
    frozenset(
        """on in at during when who whose which while after before as and but adding because
    to from for with of via yesterday today tonight last this that earlier later told
    le la en à au dans lors lundi qui dont et en el en la que y el lunes am im in bei und
    der die nach vor""".split()
    )
    - _DETERMINERS
)
