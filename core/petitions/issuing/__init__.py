"""The documents petition steps issue (see ``registry``); one module per petition type."""
