"""``sclerodex browse``: the interactive search screen (Textual).

Only this package imports Textual, and only ``sclerodex browse`` imports this
package: a plain ``sclerodex search`` never pays for it.
"""
