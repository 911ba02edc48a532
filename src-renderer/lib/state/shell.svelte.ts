/**
 * The sidebar's place: docked beside the photos when the window is wide
 * enough (hidden when the user says so, remembered), a drawer over them
 * below NARROW px (the window's minimum is 720), opened by the top bar's
 * button and closed by a choice, Escape or a click outside.
 */
const KEY = 'shoebox.sidebar';
/** below this window width the 240 px sidebar would leave the photos too little room */
export const NARROW = 960;

class Shell {
  narrow = $state(typeof window !== 'undefined' && window.innerWidth < NARROW);
  /** wide windows: the sidebar shown (the user's choice, remembered) */
  docked = $state(typeof localStorage === 'undefined' || localStorage.getItem(KEY) !== 'hidden');
  /** narrow windows: the drawer open */
  drawer = $state(false);

  /** whether the sidebar is on screen now */
  get open(): boolean {
    return this.narrow ? this.drawer : this.docked;
  }

  toggle(): void {
    if (this.narrow) this.drawer = !this.drawer;
    else {
      this.docked = !this.docked;
      localStorage.setItem(KEY, this.docked ? 'shown' : 'hidden');
    }
  }

  /** After a choice in the drawer, it gets out of the way. */
  chosen(): void {
    if (this.narrow) this.drawer = false;
  }

  watch(): () => void {
    const mq = window.matchMedia(`(max-width: ${NARROW - 1}px)`);
    const on = (): void => {
      this.narrow = mq.matches;
      if (!mq.matches) this.drawer = false;
    };
    on();
    mq.addEventListener('change', on);
    return () => mq.removeEventListener('change', on);
  }
}

export const shell = new Shell();
