"""Issuing documents: the DOCX a step adds to the officer's wait, and the PDFs a worker makes.

Three questions, each against a baseline taken in the same run, in one unit (Xã Tân Đoàn):

1. **The engine in the request.** ``document_issue`` of a complaint's acceptance notice (the
   register's row lock, the form chosen by date, the render, the file, the row, the PDF queued on
   commit) against the bare render of the same form with docxtpl (``render_docx`` of the repository
   template with the form's sample context): what numbering and storing add to the library's floor.
   The two alternate round by round. Goal (issue 9): p95 of the engine under 150 ms.
2. **The page.** The officer's POST of "accept the complaint" through the test client (middleware,
   session, form, service, the notice issued in the step's transaction, the redirect), against the
   GET of the same petition's page: the whole wait of a step that issues a document. Each timed POST
   checks that the document's PDF is still *pending* when the answer comes: the request never waits
   for LibreOffice.
3. **PDFs in the worker.** A real Celery worker process (``--concurrency``) is fed the PDF tasks of
   ``--pdfs`` documents; throughput is documents per minute from the first task sent to the last PDF
   stored, against LibreOffice converting the same DOCX in this process one after another.
"""
