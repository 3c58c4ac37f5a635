// xhr2 (XMLHttpRequest for Node, used to run botframework-directlinejs in tests) ships no types.
declare module 'xhr2' {
  const XMLHttpRequest: unknown;
  export default XMLHttpRequest;
}
