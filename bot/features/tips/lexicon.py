"""The word lists FAQ and topic matching read (see :mod:`.words`): the synonym table that maps
what people type at a front desk, in English and Spanish, to one concept; the markers of
questions about something else; words that carry no meaning; and chat shorthand.

Data only, kept as Python so it loads with the code and is checked by the type checker; it runs
long because it is the vocabulary, not logic.
"""

from __future__ import annotations

# Everyday phrases → concept. Keys are normalized (lower case, no accents); longer keys win.
# ``@filler`` phrases are dropped: "they ask me to" is not a request of mine.
FILLER = "@filler"
# fmt: off
SYNONYMS: dict[str, tuple[str, ...]] = {
    FILLER: (
        "ask me", "asks me", "asked me", "asking me", "me piden", "me pide", "me pidio",
        "me pidieron", "me estan pidiendo", "is there", "hay alguna", "hay algun",
        "what time is it", "que hora es", "they want me to", "quieren que", "what time",
        "at what time", "a que hora", "for good",
        "is that true", "is it true", "es cierto", "es verdad", "who do i call",
        "who should i call", "who do i tell", "who do i notify", "who should i tell",
        "a quien llamo", "a quien le aviso", "a quien aviso", "a quien le digo",
        "a quien le hablo para", "didn t know what to do", "don t know what to do",
        "no supe que hacer", "no se que hacer", "what do i do", "what should i do", "que hago",
        "que debo hacer", "all night", "toda la noche", "instead of", "en vez de", "en lugar de",
        "woke up", "wake up with", "me desperte", "amaneci",
        "check in", "checking in", "check ins",
        "estoy pasando por", "pasando por", "going through", "i m going through",
        "i ve been going through",
    ),
    "@overtime": (
        "overtime", "over time", "ot", "extra hours", "extra time", "extra shift", "stay late",
        "staying late", "stay after", "work late", "working late", "longer hours", "more hours",
        "horas extra", "horas extras", "hora extra", "tiempo extra", "sobretiempo",
        "quedarme tarde", "quedarse tarde", "quedarme mas tiempo", "quedarme despues",
        "salir tarde", "mas horas", "doble turno", "turno extra", "double shift", "double shifts",
        "work extra", "extra work", "stay after my shift", "stay after shift", "stay past my shift",
        "quedarme despues de mi turno", "quedarme despues del turno", "trabajar de mas",
        "need to stay", "have to stay", "runs late", "run late", "running behind", "salgo tarde",
        "me quedo tarde", "stay past", "make me stay", "making me stay", "makes me stay",
        "time and a half", "tiempo y medio", "me hacen quedar", "me hacen quedarme", "overtime pay",
        "stays late", "stayed late",
        "quede mas tarde", "quedo mas tarde", "quedarme mas tarde", "quedarse mas tarde",
        "me quede tarde",
        "quedarme hasta tarde", "quedarse hasta tarde", "me quedo hasta tarde", "hasta tarde",
        "pagan extra", "pay me extra", "extra pay", "after closing", "despues del cierre",
        "despues de cerrar", "stay past my shift", "stay past",
        "extra hour", "stay extra", "stay an extra", "quedarme una hora mas", "una hora mas",
        "hora de mas",
    ),
    "@refuse": (
        "refuse", "say no", "saying no", "decline", "turn down", "reject", "opt out", "negarme",
        "negarse", "negar", "decir que no", "decirle que no", "rechazar", "rehusar",
    ),
    "@paid": (
        "paid", "unpaid", "pay", "paying", "compensated", "clock out", "clocked out",
        "on the clock", "off the clock", "pagado", "pagada", "pagados", "pagadas", "pagan", "paga",
        "pago", "pagar", "pagarme", "cobro", "cobrar", "remunerado", "remunerada",
    ),
    "@break": (
        "break", "breaks", "rest break", "descanso", "descansos", "pausa", "pausas",
    ),
    "@lunch": (
        "lunch", "lunch break", "meal break", "meal", "almuerzo", "almorzar", "comida",
        "hora de comida", "hora de comer", "hora de almuerzo", "hora del almuerzo",
    ),
    "@leaveearly": (
        "leave early", "leaving early", "go home early", "salir antes", "salir temprano",
        "irme antes", "irme temprano",
    ),
    "@skip": (
        "skip", "skipping", "work through", "working through", "eat at my desk", "saltar",
        "saltarme", "saltarse", "no tomar", "trabajar durante",
    ),
    "@afterhours": (
        "after hours", "after work", "after my shift", "after shift", "off hours", "off shift",
        "off duty", "outside work", "outside my hours", "outside working hours", "at night",
        "at home", "off", "is out", "are out", "out of office", "fuera de horario",
        "fuera del horario", "fuera de mi horario", "fuera de turno", "fuera de mi turno",
        "despues del trabajo", "despues de mi turno", "despues del turno", "en la noche",
        "por la noche", "en casa", "de la noche", "on call", "guardia", "de guardia", "de noche",
        "when i leave", "when i clock out", "after i leave", "once i leave", "once i m home",
        "cuando salgo", "al salir", "cuando me voy", "saliendo del trabajo", "not on shift",
        "not on duty", "no esta en turno", "no esta de turno", "no estan en turno",
        "once my shift ends", "when my shift ends", "after my shift ends", "after i clock out",
        "cuando termina mi turno", "al terminar mi turno", "cuando acaba mi turno",
        "cuando termino mi turno",
        "cuando no estoy trabajando", "when i m not working", "when i m not at work",
        "fuera del trabajo",
    ),
    "@message": (
        "message", "messages", "text", "texts", "texting", "email", "emails", "call", "calls",
        "slack", "dm", "dms", "whatsapp", "ping", "pings", "mensaje", "mensajes", "correo",
        "correos", "llamada", "llamadas", "whats", "chat", "phone", "phones", "cell", "telefono",
        "celular", "writes me", "texts me", "escribe", "escriben", "escribir", "me escriben",
        "me escribe", "me llaman", "me llama",
    ),
    "@answer": (
        "answer", "reply", "respond", "pick up", "responder", "contestar", "revisar", "atender",
        "check", "checar", "chequear",
        "pendiente", "estar pendiente", "disponible", "available", "reachable", "on standby",
    ),
    "@swap": (
        "swap", "switch", "trade", "exchange", "cover my shift", "cover for me", "intercambiar",
        "intercambio", "cambiar turno", "take my shift", "me puede cubrir", "cubrirme",
        "cubrir el turno", "me cubre", "cambiar mi turno", "cambiar un turno", "cambio de turno",
        "cambiarle el turno", "cubrir mi turno", "me cubra", "cambie el turno", "cambie mi turno",
        "cambiar el turno",
        "hacer cover", "me haga cover", "me hace cover", "hacerme cover", "cover me",
        "cubra mi turno",
    ),
    "@shift": (
        "shift", "shifts", "turno", "turnos", "hour shift", "hours shift",
    ),
    "@schedule": (
        "schedule", "schedules", "horario", "horarios",
    ),
    "@holiday": (
        "holiday", "holidays", "public holiday", "feriado", "feriados", "dia festivo", "festivo",
        "festivos", "christmas", "thanksgiving", "new year", "new years", "easter", "navidad",
        "ano nuevo", "semana santa", "dia de accion de gracias",
    ),
    "@timeoff": (
        "time off", "day off", "days off", "pto", "vacation", "vacations", "on leave",
        "annual leave", "leave of absence", "parental leave", "maternity leave", "personal day",
        "vacaciones", "dia libre", "dias libres", "tiempo libre", "permiso", "licencia",
        "dia personal", "monday off", "tuesday off", "wednesday off", "thursday off", "friday off",
        "el lunes libre", "el martes libre", "el miercoles libre", "el jueves libre",
        "el viernes libre", "week off", "weeks off", "time away", "semana libre",
        "semana de vacaciones", "a week off", "take a week off", "a day off", "take a day off",
    ),
    "@request": (
        "ask for", "request", "apply for", "book", "pedir", "solicitar", "solicito", "pido",
    ),
    "@sick": (
        "sick", "ill", "unwell", "flu", "fever", "covid", "call in sick", "call out", "stay home",
        "stay at home", "quedarme en casa", "sick leave", "calling out", "sick day", "enfermo",
        "enferma", "enfermarme", "me enfermo", "enfermedad", "gripe", "fiebre", "incapacidad",
        "reportarme enfermo",
        "threw up", "throwing up", "vomiting", "vomit", "puking", "migraine", "stomach bug",
        "food poisoning", "diarrhea", "vomitando", "vomite", "migrana", "can t come in",
        "can t make it", "not gonna make it", "not going to make it", "won t make it",
        "can t go in", "no voy a poder ir", "no voy a ir", "no puedo llegar", "no voy a llegar",
        "no puedo ir",
        "calentura", "temperatura", "vomito", "dolor de estomago", "cough", "tos", "resfriado",
        "resfriada", "gripa", "catarro", "tested positive", "contagious", "contagioso",
        "contagiosa",
        "not coming in", "not coming to work", "won t be in", "won t be coming in",
        "no voy a trabajar", "no voy a ir a trabajar", "voy a faltar", "tengo que faltar",
        "faltar al trabajo",
        "me duele", "duele", "dolor de cabeza", "headache", "sore throat", "dolor de garganta",
        "me siento enferma", "me siento enfermo",
    ),
    "@burnout": (
        "burnout", "burned out", "burnt out", "burn out", "burning out", "exhausted", "exhaustion",
        "drained", "dread", "dreading", "hate going", "no quiero ir", "no aguanto", "ya no aguanto",
        "can t take it", "can t do this", "cant do this", "harta", "harto", "fed up", "sick of",
        "sick and tired", "tired of", "so tired", "cansada de", "cansado de", "estoy cansada",
        "estoy cansado", "running on empty", "worn out", "quemado", "quemada", "quemarme",
        "agotado", "agotada", "agotamiento", "desgaste", "desgastado", "desgastada", "no puedo mas",
        "sin energia", "fundido", "fundida",
        "cry before", "crying before", "cry in my car", "cry every", "lloro antes", "llorar antes",
        "lloro en el carro", "lloro todos los dias",
        "me cuesta levantarme", "ando de malas", "de malas", "irritable", "short tempered",
        "no tengo ganas", "sin ganas", "hard to get out of bed", "can t get out of bed", "numb",
        "insomnia",
        "so done with", "done with this job", "i m done with", "ya me harte", "me harte",
        "cansada de contestar", "cansado de contestar", "harta de contestar", "tired of answering",
        "sick of answering", "empty", "irritated", "vacia", "vacio", "irritada", "irritado",
        "cynical", "cinica", "cinico",
        "estoy cansada de contestar", "estoy cansado de contestar", "estoy harta de contestar",
        "estoy harto de contestar", "i m tired of answering", "i m sick of answering",
        "exhausted from",
    ),
    "@signs": (
        "signs", "sign", "symptoms", "warning signs", "how do i know", "how can i tell", "senales",
        "sintomas", "como se si", "como saber",
    ),
    "@help": (
        "get help", "need help", "find help", "support", "someone to talk to", "talk to someone",
        "counseling", "counselling", "counselor", "therapist", "therapy", "eap",
        "employee assistance", "mental health", "psychologist", "not ok", "not okay", "pedir ayuda",
        "necesito ayuda", "buscar ayuda", "ayuda profesional", "apoyo", "hablar con alguien",
        "terapia", "terapeuta", "psicologo", "psicologa", "salud mental", "consejeria",
        "no estoy bien", "pae", "talk to", "who can i talk", "a quien le hablo", "con quien hablo",
        "con quien puedo hablar", "me siento mal", "me siento muy mal", "feel bad", "feel awful",
        "feel terrible", "feeling down", "sad", "triste", "tristeza", "depressed", "depression",
        "deprimido", "deprimida", "depresion", "lonely", "how i m feeling", "how i feel", "cry",
        "crying", "cried", "llorar", "lloro", "llorando", "hopeless", "sin esperanza",
        "desesperada", "desesperado", "panic attack", "panic attacks", "ataque de panico",
        "ataques de panico", "ayuda psicologica", "apoyo psicologico",
        "assistance program", "employee assistance program", "programa de asistencia",
        "counselors", "consejero", "consejera",
        "confidential", "confidencial", "programa de ayuda",
        "drowning", "me estoy ahogando", "me ahogo", "can t breathe", "no puedo respirar",
        "struggling", "going through a hard time", "hard time", "rough time", "momento dificil",
        "momento muy dificil", "mala racha", "a quien acudir", "a donde acudir",
        "number i can call", "number to call", "numero al que llamar",
        "feeling down", "feeling really down", "feel really down", "really down", "so down",
        "feel down", "so alone", "feel alone", "feel so alone", "me siento sola", "me siento solo",
        "muy sola", "muy solo", "not doing well", "not doing ok", "not doing okay",
        "not okay emotionally", "emotionally", "mentally", "emocionalmente", "mentalmente",
        "vacia por dentro", "vacio por dentro", "empty inside", "cry every night",
        "crying every night", "lloro todas las noches", "lloro cada noche", "depresion",
    ),
    "@crisis": (
        "suicide", "suicidal", "kill myself", "killing myself", "end my life", "take my life",
        "self harm", "hurt myself", "harm myself", "want to die", "wanna die", "don t want to live",
        "dont want to live", "no reason to live", "988", "crisis", "crisis line", "ending my life",
        "end it all", "ending it all", "wish i was dead", "wish i were dead", "better off dead",
        "can t go on", "cant go on", "thinking about dying", "terminar con mi vida",
        "acabar con todo", "no quiero seguir", "no vale la pena vivir", "desaparecer para siempre",
        "suicidio", "suicida", "matarme", "quitarme la vida", "hacerme dano", "lastimarme",
        "autolesion", "quiero morir", "quiero morirme", "no quiero vivir", "acabar con mi vida",
        "linea de crisis",
        "don t see the point", "see no point", "no point anymore", "no point in living",
        "no point in anything", "what s the point of living", "what s the point anymore",
        "what s even the point", "better off without me", "no one would miss me",
        "nobody would miss me", "nobody would notice if i", "dark thoughts", "dark place",
        "don t want to be here anymore", "don t want to be alive", "don t want to wake up",
        "not wake up", "never wake up", "sleep forever", "want to disappear",
        "wish i could disappear", "wish i didn t exist", "don t want to exist", "tired of living",
        "tired of life", "done with life", "give up on life", "not worth living",
        "life isn t worth", "i m a burden", "cut myself", "cutting myself", "overdose",
        "no way out", "can t keep going", "hurting myself", "no le veo sentido",
        "no le encuentro sentido", "nada tiene sentido", "ya nada tiene sentido",
        "no tiene sentido vivir", "quiero desaparecer", "mejor no despertar",
        "no despertar", "no despertarme", "no volver a despertar", "dormir para siempre",
        "estarian mejor sin mi", "mejor sin mi", "nadie me extranaria", "nadie me va a extranar",
        "pensamientos oscuros", "ideas oscuras", "no quiero estar aqui", "no quiero existir",
        "ya no quiero estar", "que todo se acabe", "que se acabe todo", "ganas de morir",
        "ganas de morirme", "cansada de vivir", "cansado de vivir", "cansada de la vida",
        "cansado de la vida", "no aguanto la vida", "cortarme", "sobredosis", "sin salida",
        "soy una carga", "ya no puedo mas", "no puedo mas con todo", "no puedo mas con mi vida",
        "rendirme con todo", "no tiene caso seguir", "no quiero seguir viviendo",
        "nothing matters", "nothing matters anymore", "nobody would care", "no one would care",
        "if i was gone", "if i were gone", "when i m gone", "ending things", "end things",
        "thinking about ending", "point of anything",
        "hate my life", "do something to myself", "not be around anymore", "stop existing",
        "pensamientos feos", "hacerme algo", "mi vida no vale", "nada importa",
        "ya nada importa", "a nadie le importaria", "nadie lo notaria", "si ya no estuviera",
        "si yo no estuviera", "dejar de existir", "terminar con todo", "acabar con esto",
        "odio mi vida", "no aguanto la vida", "no aguanto mas la vida",
        "not being alive", "not be alive", "not wanting to be alive", "if i wasn t around",
        "if i weren t around", "happier without me", "no hay salida",
        "no tengo ganas de vivir", "ganas de vivir", "sin ganas de vivir", "para que sigo",
        "why bother living", "why am i even alive",
        "life feels pointless", "life is pointless", "everything is pointless", "feel pointless",
        "feel like a burden", "a burden to everyone", "a burden to my family", "ser una carga",
        "no aguanto esta vida", "odio esta vida", "desaparecer de todo", "ganas de desaparecer",
        "what s the point of living", "what s the point of life", "what s the point of it all",
        "want it all to stop", "want everything to stop", "make it all stop", "just end it",
        "should end it", "want to end it", "nobody would notice", "no one would notice",
        "nobody would even notice", "no one would even notice", "irme y no volver",
        "no volver nunca", "me quiero ir para siempre", "quiero que todo pare", "que todo pare",
        "que pare todo", "nadie se daria cuenta",
        "no aguanto mas esta vida", "no aguanto mas mi vida", "no aguanto mi vida",
        "ya no aguanto esta vida", "ya no aguanto mi vida", "ya no aguanto mas esta vida",
        "me quiero matar", "me voy a matar", "quisiera matarme", "me quisiera matar",
        "no quiero despertar", "quiero no despertar", "no sirvo para nada", "nadie me quiere",
        "tirarme del", "tirarme de un", "aventarme", "kms", "unalive", "unalive myself",
        "taking all my pills", "take all my pills", "all my pills", "tomarme todas las pastillas",
        "todas las pastillas", "jump off a", "jump in front of", "hang myself", "ahorcarme",
        "cortarme las venas", "no quiero vivir mas", "want to sleep forever", "no one loves me",
        "nobody loves me", "i m worthless", "soy un estorbo",
    ),
    "@stress": (
        "stress", "stressed", "stressful", "pressure", "anxious", "anxiety", "overwhelmed",
        "overwhelming", "stressed out", "estres", "estresado", "estresada", "estresante", "presion",
        "ansiedad", "agobio", "agobiado", "agobiada", "abrumado", "abrumada",
        "calm", "crazy", "chaotic", "hectic", "tranquilo", "tranquila", "caotico", "caotica",
        "intense", "intenso", "intensa", "fast paced",
    ),
    "@patient": (
        "patient", "patients", "paciente", "pacientes", "caller", "callers",
        "senora", "senor", "lady", "visitor", "visitors", "family member", "un senor",
        "una senora",
    ),
    "@upset": (
        "upset", "angry", "rude", "mad", "yell", "yelling", "yells", "shouting", "shout", "scream",
        "screaming", "screamed", "gritar", "grito", "insult", "insulted", "insulto", "insultos",
        "threat", "threats", "threaten", "threatened", "amenaza", "amenazo", "amenazas", "amenazar",
        "aggressive", "abusive", "hostile", "irate", "molesto", "molesta", "enojado", "enojada",
        "enojo", "grosero", "grosera", "agresivo", "agresiva", "gritan", "grita", "gritando",
        "gritos", "maleducado", "maleducada", "altanero", "enfadado", "enfadada",
        "stupid", "idiot", "dumb", "called me names", "cursed at me", "swore at me", "swearing",
        "insulting", "disrespectful", "humiliated", "idiota", "estupida", "estupido", "tonta",
        "me insulto", "groserias", "me falto al respeto", "me humillo",
    ),
    "@weekend": (
        "weekend", "weekends", "saturday", "saturdays", "sunday", "sundays", "fin de semana",
        "fines de semana", "sabado", "sabados", "domingo", "domingos",
    ),
    "@evening": (
        "evening", "evening shift", "evening shifts", "evenings", "night", "nights", "late shift",
        "late shifts", "noche", "noches", "turno de noche", "turno tarde", "tardes", "nocturno",
        "nocturnos", "nocturna", "overnight",
        "trabajar de noche", "se trabaja tarde", "trabajar tarde", "closing", "closing shift",
        "turno de cierre", "hacer el cierre", "evening hours",
        "work late nights", "working late nights", "work nights", "late nights",
    ),
    "@remote": (
        "work from home", "working from home", "from home", "wfh", "remote", "remotely", "telework",
        "hybrid", "home office", "desde casa", "remoto", "remota", "a distancia", "teletrabajo",
        "hibrido", "trabajo en casa", "trabajar en casa", "desde mi casa", "trabajar desde mi casa",
        "from my house", "desde mi hogar",
    ),
    "@hours": (
        "hours", "hour", "horas", "full time", "part time", "tiempo completo", "medio tiempo",
        "jornada", "40 hours", "40 horas",
    ),
    "@week": (
        "week", "weekly", "per week", "a week", "work week", "workweek", "semana", "semanal",
        "por semana", "semana laboral",
    ),
    "@howmany": (
        "how many", "how much", "how long", "cuantas", "cuantos", "cuanto",
    ),
    "@howoften": (
        "how often", "how frequently", "cada cuanto", "con que frecuencia", "cuantas veces",
    ),
    "@salary": (
        "salary", "salaries", "wage", "wages", "earn", "earns", "raise", "salario", "sueldo",
        "gana", "ganan", "ganar", "aumento",
    ),
    "@provider": (
        "doctor", "doctors", "provider", "providers", "physician", "physicians", "nurse", "nurses",
        "doctora", "doctoras", "doctores", "enfermera", "enfermero", "enfermeras",
    ),
    "@received": (
        "why did i get", "why do i get", "why am i getting", "why did i receive", "i got a",
        "i received", "i get a", "por que recibi", "por que me llego", "por que me llega",
        "me llego", "recibi", "keep getting", "sigo recibiendo", "me siguen llegando",
        "me manda", "me mandan", "sends me", "keeps sending me", "me envia", "me envian",
    ),
    "@whatis": (
        "what is this", "what s this", "what does this mean", "que es esto", "que es este",
        "que significa",
    ),
    "@nudge": (
        "nudge", "nudges", "reminder", "reminders", "notification", "notifications", "recordatorio",
        "recordatorios", "notificacion", "notificaciones",
        "remind", "reminds me", "recuerda", "me recuerda", "recordar",
    ),
    "@stop": (
        "stop", "pause", "turn off", "disable", "mute", "silence", "unsubscribe", "no more",
        "get rid", "don t want", "dont want", "anymore", "no longer", "no quiero", "detener",
        "detengo", "parar", "pausar", "apagar", "desactivar", "silenciar", "quitar", "pauso",
        "pausar todo", "pausa todo", "dejar de recibir", "que no me lleguen", "turn the",
        "turn them", "turn it",
    ),
    "@store": (
        "keep my", "keeps my", "save my", "saves my", "guarda mis", "guardan mis", "store",
        "stored", "stores", "save", "saved", "data", "information", "info", "privacy", "private",
        "guardar", "guarda", "guardan", "datos", "informacion", "privacidad", "almacena",
        "collect", "collects", "collected", "recopila", "recopilan", "recoge", "recogen", "track",
        "tracks", "rastrea",
    ),
    "@delete": (
        "delete", "erase", "remove", "forget", "borrar", "eliminar", "olvidar",
    ),
    "@anonymous": (
        "anonymous", "anonymity", "anonymously", "identify", "identified", "anonimo", "anonima",
        "anonimas", "anonimos", "anonimato", "identificar",
        "find out it was me", "know it was me", "fui yo", "it was me", "se van a enterar",
        "sabran que", "traced back", "trace it back", "rastrear",
    ),
    "@pulse": (
        "pulse", "survey", "poll", "questionnaire", "encuesta", "sondeo",
    ),
    "@iammanager": (
        "i m a manager", "im a manager", "i am a manager", "as a manager", "i manage",
        "i supervise", "i m the manager", "i am the manager", "i m a supervisor",
        "i am a supervisor", "as a supervisor", "practice manager", "office manager",
        "i run the front desk", "soy gerente", "soy la gerente", "soy el gerente", "soy supervisor",
        "soy supervisora", "soy jefe", "soy jefa", "como gerente", "como supervisor",
        "como supervisora", "gerente del consultorio", "gerente de consultorio", "manejo el equipo",
        "dirijo el equipo",
        "as their supervisor", "as their manager", "as their boss", "as their lead",
        "soy la supervisora", "soy el supervisor", "soy la jefa", "soy el jefe",
        "soy la encargada", "soy el encargado", "soy la coordinadora", "soy el coordinador",
        "i lead the team", "i m their manager", "i m their supervisor", "i m their boss",
    ),
    "@manager": (
        "manager", "managers", "boss", "supervisor", "supervisors", "jefe", "jefa", "gerente",
        "supervisora", "my lead",
    ),
    "@colleague": (
        "colleague", "colleagues", "coworker", "coworkers", "co worker", "teammate", "companero",
        "companera", "companeros", "colega", "colegas",
    ),
    "@mention": (
        "mention", "mentioned", "mentioning", "tag", "tagged", "mencion", "mencione",
    ),
    "@level": (
        "level", "levels", "nivel", "career stage",
    ),
    "@language": (
        "language", "spanish", "english", "espanol", "ingles", "idioma", "lenguaje",
        "me hable en", "talk to me in", "speak to me in", "reply in", "me escriba en",
        "me conteste en",
    ),
    "@setup": (
        "set up", "setup", "configure", "settings", "set my", "change my", "configurar",
        "configuro", "configuracion", "ajustes", "cambiar mi", "cambio mi", "poner mi", "put my",
        "add my", "enter my", "pongo mi", "agregar mi", "agrego mi",
        "fix", "update", "actualizar", "corregir", "arreglar", "wrong hours", "wrong schedule",
        "tell the bot", "le digo al bot", "decirle al bot", "avisarle al bot", "let the bot know",
        "teach the bot",
        "has it wrong", "got it wrong", "has the wrong", "shows the wrong", "has my hours wrong",
        "lo tiene mal", "tiene mal mi", "tiene mal el", "incorrect", "incorrecto", "incorrecta",
    ),
    "@timezone": (
        "time zone", "timezone", "tz", "zona horaria", "huso horario",
    ),
    "@team": (
        "my team", "my staff", "the team", "mi equipo", "el equipo", "mi personal",
        "my receptionists", "my people", "my front desk team", "mis empleados",
        "mis chicas", "mis chicos", "mis recepcionistas", "mi gente",
    ),
    "@family": (
        "kids", "kid", "children", "child", "son", "daughter", "hijo", "hija", "hijos", "hijas",
        "ninos", "family", "familia", "husband", "wife", "esposo", "esposa", "graduation",
        "graduacion", "wedding", "boda", "funeral", "birthday", "cumpleanos", "trip", "viaje",
        "my appointment", "doctor s appointment", "dentist appointment", "mi cita", "cita medica",
        "cita con el doctor", "cita con el dentista",
    ),
    "@botsays": (
        "bot tells me", "bot tell me", "bot told me", "bot says", "bot said", "el bot me dijo",
        "el bot dice", "el bot me dice", "me dijo el bot", "bot replied", "bot answered",
        "el bot contesto", "el bot respondio",
        "el bot aviso", "el bot me aviso", "el bot me avisa", "el bot avisa", "bot warned me",
        "bot let me know", "bot sent a notice",
        "bot telling me", "el bot me dice que", "bot keeps telling me",
    ),
    "@deny": (
        "deny", "denied", "denies", "turn down my", "turned down my", "negaron", "me negaron",
        "rechazaron", "me rechazaron",
    ),
    "@whosees": (
        "who sees", "who can see", "who reads", "who can read", "can see", "quien ve", "quien lee",
        "quien puede ver", "pueden ver", "puede ver",
    ),
}
# Words that mark a question about patients' business, the clinic's equipment or medicine
# rather than the member's own working life ("appointment", "printer", "stroke"). Each is its
# own concept (see :func:`elsewhere`), so a practice FAQ that lists one still meets it.
ELSEWHERE_WORDS: tuple[str, ...] = (
    "how many hours until", "how long until", "cuantas horas faltan", "cuanto falta para",
    "new patient", "new patients", "paciente nuevo", "pacientes nuevos", "intake", "registration",
    "consent form", "consentimiento", "medical record", "medical records", "patient record",
    "patient records", "expedientes",
        "appointment", "appointments", "cita", "citas", "no show", "no shows", "fee", "fees",
        "charge", "copay", "copago", "insurance", "aseguradora", "referral", "referrals",
        "prescription", "prescriptions", "receta", "recetas", "refill", "chart", "charts",
        "expediente", "patient reminder", "patient reminders", "reminder calls", "reminder texts",
        "recordatorio de cita", "recordatorios de citas", "patient survey", "patient satisfaction",
        "satisfaction survey", "satisfaccion", "encuesta a pacientes", "printer", "impresora",
        "computer", "computadora", "password", "contrasena", "login", "log in", "wifi", "internet",
        "ehr", "emr", "epic", "fax", "scanner", "escaner", "software", "open", "opens", "abre",
        "close", "closes", "cierra", "cierran", "abren", "horario de atencion", "opening hours",
        "office hours", "parking",
        "estacionamiento", "stroke", "heart attack", "seizure", "diabetes", "allergic reaction",
        "infarto", "derrame", "convulsion", "chest pain", "dolor de pecho", "blood pressure",
        "presion arterial", "vaccine", "vacuna",
)
# fmt: on
# Words that say nothing about what someone wants, in either language (accents removed).
STOPWORDS = frozenset(
    """
    a an and are as at be been being but by can could do does did for from get got how i i'm
    im if in into is it its just me my of on or our so that the their them then there this to
    too up us was we were what when where which who whom why will with would you your yours
    about should shall may might any some all also very really much more most than still
    okay please thanks hi hello hey tell know want need like go going one get gets getting
    ever usually normally typically generally usual normal typical whether am let s t
    al algo algun alguna como con cual cuales cuando de del donde el ella ellos en es esta
    estan este esto eso esa ese la las le les lo los mas me mi mis muy nada ni no nos o para
    pero por porque puede pueden puedo que quien se si sin sobre su sus tambien te tu tus un
    una uno unos unas y ya yo hay hacer hago hace tener tengo tiene debo deberia quiero
    quisiera saber ser estar soy fue son normalmente usualmente suele suelen
    have has had must required obligated obliged mandatory forced expected allowed permitted
    legal right rights supposed ok ask asking asked handle deal dealing cope manage feel
    feeling felt take taking make come comes coming day days today time times lot lots
    someone people thing things way best every always all keep keeps kept m s t d ll re ve
    find look looking saying says said tells told use used uses using exist exists mine
    myself wants want tomorrow tonight yesterday really actually next they them their he she
    his her him before after past january february march april may june july august
    september october november december good
    everyone everybody super true stuck announced until seems seem looks thinks only
    less send sending sent put monday tuesday wednesday thursday friday
    obligatorio obligatoria obligado obligada obligan permitido permitida legal derecho
    preguntar pregunto manejar manejo lidiar tratar trato siento sentir sentirme tomar
    hacer dia dias hoy tiempo alguien gente cosa cosas forma manera mejor venir ir voy
    todo toda todos todas siempre cada estoy estar esta estas busco buscar encontrar dice
    dicen decia usa usan uso existe existen mio mia ayer ellos ellas antes despues toca
    tocar tocara va van vas tocan corresponde corresponden enero febrero marzo abril mayo junio
    julio agosto septiembre octubre noviembre diciembre
    cierto verdad puro hasta parece cree piensa tienen tienes tenemos tome tomes tomo mande
    manden mandar mandan solo necesito necesita necesitamos menos pongo lunes martes miercoles
    jueves viernes casi diario see since started start decirle
    reacciono reaccionar minutos min mins minutes
    """.split()  # noqa: SIM905 -- a word list reads better as text
)
# The job itself: every question is about it, so these words never decide a match.
GENERIC = frozenset(
    """
    work working works worked job jobs medical office assistant assistants moa moas front
    desk clinic clinics practice practices staff receptionist reception healthcare health
    care role position do balance bot employer company employee employees worker workers
    window counter lobby
    trabajo trabajar trabaja trabajan trabajando empleo puesto medico medica consultorio
    consultorios clinica clinicas recepcion recepcionista asistente asistentes oficina
    administrativo administrativa salud bot empleador empresa empleado empleada empleados
    trabajador trabajadora trabajadores ventanilla mostrador
    """.split()  # noqa: SIM905
)

# Informal spellings, chat shorthand and contractions typed without the apostrophe, respelled
# before anything else so the synonym phrases meet them ("xq", "q", "vacas", "dont", "compa").
# fmt: off
RESPELL: dict[str, str] = {
    "sat": "saturday", "sats": "saturdays", "wknd": "weekend", "wkend": "weekend",
    "finde": "fin de semana",
    "q": "que", "k": "que", "xq": "porque", "pq": "porque", "porq": "porque", "xk": "porque",
    "pk": "porque", "tmb": "tambien", "tmbn": "tambien", "tb": "tambien", "pa": "para",
    "pal": "para el", "x": "por", "xfa": "por favor", "porfa": "por favor", "compa": "companera",
    "compas": "companeras", "vacas": "vacaciones", "vacay": "vacation",
    "hrs": "hours", "msg": "message", "msgs": "messages", "txt": "text", "txts": "texts",
    "pls": "please", "plz": "please", "u": "you", "ur": "your", "r": "are", "bc": "because",
    "cuz": "because", "dont": "don t", "cant": "can t", "wont": "won t", "didnt": "didn t",
    "doesnt": "doesn t", "isnt": "isn t", "wasnt": "wasn t", "shouldnt": "shouldn t", "im": "i m",
    "ive": "i ve", "idk": "i don t know", "gonna": "going to", "wanna": "want to",
    "gotta": "have to", "whats": "what s", "textear": "mensaje", "texteo": "mensaje",
    "textea": "mensaje", "textean": "mensajes", "mensajito": "mensaje", "mensajitos": "mensajes",
}
# fmt: on
