/** Interface strings, English and Spanish; `{title}` is the widget's name. */
export const STRINGS = {
  en: {
    open: "Chat with {title}", close: "Close chat", menu: "Conversation options",
    restart: "Restart conversation", forget: "Delete my data", about: "About {title} and its data",
    placeholder: "Type a message…", input: "Message to {title}", send: "Send", log: "Conversation with {title}",
    suggestions: "Suggested replies", you: "You", counselor: "Counselor",
    connecting: "Connecting…", online: "Online", reconnecting: "Reconnecting…", offline: "Offline",
    error: "Can't connect",
    offlineBanner: "You're offline. Anything you send now goes out when you're back.",
    errorBanner: "Can't reach {title} right now. Retrying automatically.", retryNow: "Try now",
    pending: "Pending — sends when you're back online", sending: "Sending…", failed: "Not sent",
    retry: "Retry", typing: "{title} is typing", restarted: "New conversation",
    forgetTitle: "Delete your data?",
    forgetText: "{title} will erase this conversation and what it stored about you. This can't be undone.",
    cancel: "Cancel", back: "Back", aboutTitle: "About {title}",
    aboutIntro: "{title} suggests credentials for a career change, using open data:",
    privacy: "Conversations are stored so counselors can help you. Use “Delete my data” in the menu to erase them.",
    greeting: "Hi! I'm {title}. Tell me what you do now and where you'd like to go, and I'll suggest " +
      "credentials that bridge the move — with costs, time and the skills they cover.",
    starters: "I'm a bank teller and want to move into fintech|How do I get into cybersecurity?|What is a microcredential?",
    newMessage: "New message",
    forgotten: "Your data was deleted. Anything you write now starts a new conversation.",
    option: "Option {n}", details: "Details", source: "Source", officialPage: "Official page",
    cost: "Cost", time: "Time", format: "Format", skills: "Skills", costNote: "Cost note", level: "Level",
    prerequisites: "Prerequisites", qa: "Quality assurance", recognition: "Recognition", comparison: "Side by side",
  },
  es: {
    open: "Chatear con {title}", close: "Cerrar chat", menu: "Opciones de la conversación",
    restart: "Reiniciar conversación", forget: "Borrar mis datos", about: "Acerca de {title} y sus datos",
    placeholder: "Escribe un mensaje…", input: "Mensaje para {title}", send: "Enviar",
    log: "Conversación con {title}", suggestions: "Respuestas sugeridas", you: "Tú", counselor: "Orientador/a",
    connecting: "Conectando…", online: "En línea", reconnecting: "Reconectando…", offline: "Sin conexión",
    error: "Sin conexión con el servidor",
    offlineBanner: "Estás sin conexión. Lo que envíes saldrá cuando vuelvas a estar en línea.",
    errorBanner: "No podemos conectar con {title}. Lo seguimos intentando.", retryNow: "Reintentar",
    pending: "Pendiente — se enviará al reconectar", sending: "Enviando…", failed: "No enviado",
    retry: "Reintentar", typing: "{title} está escribiendo", restarted: "Nueva conversación",
    forgetTitle: "¿Borrar tus datos?",
    forgetText: "{title} borrará esta conversación y lo que guardó sobre ti. No se puede deshacer.",
    cancel: "Cancelar", back: "Volver", aboutTitle: "Acerca de {title}",
    aboutIntro: "{title} sugiere credenciales para cambiar de carrera con datos abiertos:",
    privacy: "Guardamos las conversaciones para que un orientador pueda ayudarte. " +
      "Usa “Borrar mis datos” en el menú para eliminarlas.",
    greeting: "¡Hola! Soy {title}. Cuéntame a qué te dedicas y hacia dónde quieres ir, y te sugeriré " +
      "credenciales para dar el salto.",
    starters: "Soy cajero de banco y quiero pasar a fintech|¿Cómo entro en ciberseguridad?|¿Qué es una microcredencial?",
    newMessage: "Mensaje nuevo",
    forgotten: "Tus datos se han borrado. Lo que escribas ahora empieza una conversación nueva.",
    option: "Opción {n}", details: "Detalles", source: "Fuente", officialPage: "Página oficial",
    cost: "Coste", time: "Tiempo", format: "Formato", skills: "Habilidades", costNote: "Nota sobre el coste",
    level: "Nivel", prerequisites: "Requisitos", qa: "Garantía de calidad", recognition: "Reconocimiento",
    comparison: "Comparación",
  },
};

/** `t(key)` for the page's language, falling back to English for a key a language lacks. */
export function translator(lang, title) {
  const S = STRINGS[lang] || STRINGS.en;
  return (key) => (S[key] !== undefined ? S[key] : STRINGS.en[key]).replace(/\{title\}/g, () => title);
}
