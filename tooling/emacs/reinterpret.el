;;; reinterpret.el --- what Org's own canonical print does to a paragraph  -*- lexical-binding: t -*-
;;
;; Usage: emacs --batch -Q -l tooling/emacs/reinterpret.el FILE REGEXP
;;
;; Parses FILE with org-element-parse-buffer, prints the tree with org-element-interpret-data
;; (Org's own canonical print, what orgnotes's printer follows), parses that print again and,
;; for the first paragraph whose text matches REGEXP, prints the paragraph's first string as
;; read from FILE and as read back from Org's print. docs/deviations.md cites its output.

(require 'org)
(require 'org-element)

(defun reinterpret--first-string (text regexp)
  "The first string of the first paragraph of Org TEXT that matches REGEXP."
  (with-temp-buffer
    (insert text)
    (let ((org-inhibit-startup t)) (org-mode))
    (org-element-map (org-element-parse-buffer) 'paragraph
      (lambda (paragraph)
        (when (string-match-p regexp (buffer-substring-no-properties
                                      (org-element-property :begin paragraph)
                                      (org-element-property :end paragraph)))
          (substring-no-properties (car (org-element-contents paragraph)))))
      nil t)))

(let* ((file (nth 0 command-line-args-left))
       (regexp (nth 1 command-line-args-left))
       (text (with-temp-buffer (insert-file-contents file) (buffer-string)))
       (printed (with-temp-buffer
                  (insert text)
                  (let ((org-inhibit-startup t)) (org-mode))
                  (org-element-interpret-data (org-element-parse-buffer)))))
  (princ (format "org %s\nread:      %S\nread back: %S\n"
                 (org-version)
                 (reinterpret--first-string text regexp)
                 (reinterpret--first-string printed regexp))))
(setq command-line-args-left nil)
