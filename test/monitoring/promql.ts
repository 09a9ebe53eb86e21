/**
 * Metric and label names used by a PromQL expression, read with Prometheus'
 * own grammar (@prometheus-io/lezer-promql, the parser of the Prometheus UI),
 * so functions, keywords, durations, strings and label values are never taken
 * for names.
 */
import { parser } from '@prometheus-io/lezer-promql'
import type { SyntaxNode } from '@lezer/common'

export interface Selector {
  metric: string
  /** Label names of its matchers. */
  labels: string[]
}

export interface PromqlUse {
  selectors: Selector[]
  /** Label names of by/without/on/ignoring/group_left/group_right lists. */
  grouping: string[]
}

/** Grafana's variables, replaced by something PromQL accepts (only durations need it: `$x` inside strings is fine). */
export function substituteGrafanaVariables(expr: string): string {
  return expr.replace(/\$__(rate_interval|interval|range)\b/g, '5m')
}

function children(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = []
  for (let c = node.firstChild; c !== null; c = c.nextSibling) out.push(c)
  return out
}

/** Every selector and grouping label of `expr`; throws when it does not parse. */
export function analyse(expr: string): PromqlUse {
  const tree = parser.parse(expr)
  const errors: string[] = []
  const use: PromqlUse = { selectors: [], grouping: [] }
  const text = (n: SyntaxNode) => expr.slice(n.from, n.to)
  const labelNameOf = (n: SyntaxNode) => {
    const name = children(n).find((c) => c.type.name === 'LabelName' || c.type.name === 'QuotedLabelName')
    return name === undefined ? undefined : text(name).replace(/^"|"$/g, '')
  }
  tree.iterate({
    enter: (ref) => {
      const node = ref.node
      if (node.type.isError) errors.push(`syntax error at ${node.from}: ${JSON.stringify(expr.slice(Math.max(0, node.from - 20), node.to + 20))}`)
      if (node.type.name === 'VectorSelector') {
        const id = children(node).find((c) => c.type.name === 'Identifier')
        const matchers = children(node).find((c) => c.type.name === 'LabelMatchers')
        const labels = matchers === undefined ? [] : children(matchers).map(labelNameOf).filter((l): l is string => l !== undefined)
        if (id === undefined) {
          // {__name__="x"} or a quoted metric name: the name is a matcher.
          const named = matchers === undefined ? [] : children(matchers).filter((m) => labelNameOf(m) === '__name__' || m.type.name === 'QuotedLabelName')
          if (named.length === 0) errors.push(`selector without a metric name: ${text(node)}`)
          for (const m of named) use.selectors.push({ metric: text(m).replace(/^__name__\s*=\s*/, '').replace(/^"|"$/g, ''), labels: labels.filter((l) => l !== '__name__') })
        } else {
          use.selectors.push({ metric: text(id), labels })
        }
        return false
      }
      if (node.type.name === 'GroupingLabels') {
        for (const c of children(node)) if (c.type.name === 'LabelName' || c.type.name === 'QuotedLabelName') use.grouping.push(text(c).replace(/^"|"$/g, ''))
        return false
      }
      return undefined
    },
  })
  if (errors.length > 0) throw new Error(`${expr}\n${errors.join('\n')}`)
  return use
}
