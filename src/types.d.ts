// lunr-languages ships no types: each module is a plugin function applied to lunr.
declare module 'lunr-languages/lunr.stemmer.support' {
  const plugin: (lunr: unknown) => void;
  export default plugin;
}
declare module 'lunr-languages/lunr.fr' {
  const plugin: (lunr: unknown) => void;
  export default plugin;
}
