import { Chalk } from 'chalk'
import { useColor } from './tty.js'

/** Colours for stdout (off when piped or NO_COLOR). */
export const c = new Chalk({ level: useColor(process.stdout) ? 1 : 0 })
/** Colours for stderr messages. */
export const ce = new Chalk({ level: useColor(process.stderr) ? 1 : 0 })
